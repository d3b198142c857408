package dev.hoist.controller.gateway;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Runs the gateway's blocking work (store calls, certificate signing) off the event loops, on threads
 * named {@code hoist-gateway-work-N}. Work about one agent runs in the order it was submitted, on one
 * lane chosen by the agent id, so that a quick disconnect and reconnect cannot reach the store in the
 * wrong order; work about different agents runs in parallel.
 */
final class AgentTaskExecutor {
    private final ExecutorService[] lanes;
    private final AtomicInteger nextAnonymousLane = new AtomicInteger();

    AgentTaskExecutor(int threads) {
        if (threads <= 0) {
            throw new IllegalArgumentException("the gateway needs at least one worker thread, not " + threads);
        }
        lanes = new ExecutorService[threads];
        for (int i = 0; i < threads; i++) {
            lanes[i] = Executors.newSingleThreadExecutor(named("hoist-gateway-work-" + i));
        }
    }

    /** Runs {@code task} after every earlier task for {@code agentId}. */
    <T> CompletableFuture<T> submit(String agentId, Supplier<T> task) {
        return CompletableFuture.supplyAsync(task, lanes[Math.floorMod(agentId.hashCode(), lanes.length)]);
    }

    /** Runs {@code task} for no particular agent (an enrollment, before the agent has an id). */
    <T> CompletableFuture<T> submit(Supplier<T> task) {
        int lane = Math.floorMod(nextAnonymousLane.getAndIncrement(), lanes.length);
        return CompletableFuture.supplyAsync(task, lanes[lane]);
    }

    /** Lets queued work finish for up to {@code timeoutMillis}, then interrupts what still runs. */
    void shutdown(long timeoutMillis) {
        for (ExecutorService lane : lanes) {
            lane.shutdown();
        }
        try {
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
            for (ExecutorService lane : lanes) {
                lane.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            for (ExecutorService lane : lanes) {
                lane.shutdownNow();
            }
        }
    }

    private static ThreadFactory named(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
