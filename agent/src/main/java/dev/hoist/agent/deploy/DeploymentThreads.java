package dev.hoist.agent.deploy;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads of {@link AgentDeployments}, made by the composition root and shut down by
 * {@link AgentDeployments#close()}.
 *
 * @param control {@code hoist-agent-deploy-control}: one thread, so decisions and ledger writes keep the
 *     order the messages came in
 * @param runs {@code hoist-agent-deploy-N}: one thread per running command
 * @param logFlush {@code hoist-agent-log-flush}: flushes log batches that wait too long
 */
public record DeploymentThreads(ExecutorService control, ExecutorService runs, ScheduledExecutorService logFlush) {

    /** New daemon threads with the names above. */
    public static DeploymentThreads named() {
        return new DeploymentThreads(
                Executors.newSingleThreadExecutor(named("hoist-agent-deploy-control", null)),
                Executors.newCachedThreadPool(named("hoist-agent-deploy-", new AtomicInteger())),
                Executors.newSingleThreadScheduledExecutor(named("hoist-agent-log-flush", null)));
    }

    private static ThreadFactory named(String name, AtomicInteger counter) {
        return runnable -> {
            Thread thread = new Thread(runnable, counter == null ? name : name + counter.getAndIncrement());
            thread.setDaemon(true);
            return thread;
        };
    }
}
