package dev.hoist.cli.deployments;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/** Tells a watcher when something it watches may have changed, so it fetches now instead of at its next poll. */
public interface WakeUps extends AutoCloseable {

    /** Watch this deployment too (a rollback, once it exists). */
    void watch(String deploymentId);

    /** Whether change notices arrive; when not, the watcher polls at its fast interval. */
    boolean live();

    /** Waits until a change notice arrives or {@code max} passes; returns whether a notice arrived. */
    boolean await(Duration max) throws InterruptedException;

    /**
     * The highest commit number announced for this deployment (0 when none): a representation whose
     * {@code seq} is lower was read before that change and is read again.
     */
    default long noticedSeq(String deploymentId) {
        return 0;
    }

    @Override
    void close();

    /** No notices at all: the watcher polls. */
    static WakeUps none() {
        return new WakeUps() {
            private final Semaphore never = new Semaphore(0);

            @Override
            public void watch(String deploymentId) {
            }

            @Override
            public boolean live() {
                return false;
            }

            @Override
            public boolean await(Duration max) throws InterruptedException {
                // Nobody releases it: a bounded, interruptible wait until the next poll.
                return never.tryAcquire(Math.max(1, max.toMillis()), TimeUnit.MILLISECONDS);
            }

            @Override
            public void close() {
            }
        };
    }
}
