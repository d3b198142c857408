package dev.hoist.controller.gateway;

import io.netty.util.concurrent.DefaultThreadFactory;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Runs a recorder's flush on a daemon thread of its own every interval, and once more at close, after
 * the scheduled runs ended, so that nothing recorded before close is lost. The flush is never run by
 * two threads at once unless a scheduled run outlives close's five-second wait.
 */
final class PeriodicFlush implements AutoCloseable {
    private final Runnable flush;
    private final ScheduledExecutorService flusher;

    PeriodicFlush(String threadName, Duration interval, Runnable flush) {
        this.flush = flush;
        this.flusher = Executors.newSingleThreadScheduledExecutor(new DefaultThreadFactory(threadName, true));
        flusher.scheduleWithFixedDelay(flush, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Stops the schedule and flushes what is pending. */
    @Override
    public void close() {
        flusher.shutdown();
        try {
            flusher.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        flush.run();
    }
}
