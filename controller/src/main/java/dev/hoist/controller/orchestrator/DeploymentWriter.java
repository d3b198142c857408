package dev.hoist.controller.orchestrator;

import com.codahale.metrics.Timer;
import dev.hoist.controller.core.deploy.DeploymentChanges;
import dev.hoist.controller.core.deploy.DeploymentStore;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the orchestrator's changes to the store from one named thread ({@code hoist-deployment-writer}).
 * High-volume rows (event updates, log lines) are {@linkplain #enqueue queued} and written in batches,
 * one transaction per batch, at most {@code interval} after the first of them arrived or as soon as
 * {@code maxBatch} rows wait. Status transitions are {@linkplain #commit committed} at once, in one
 * transaction together with everything queued before them, so a host is never stored as finished
 * without the events and lines that came before its result.
 */
final class DeploymentWriter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DeploymentWriter.class);
    private static final Duration COMMIT_TIMEOUT = Duration.ofSeconds(60);

    private final DeploymentStore store;
    private final OrchestratorMetrics metrics;
    private final Duration interval;
    private final int maxBatch;
    private final ScheduledExecutorService thread;
    private final Object lock = new Object();
    private DeploymentChanges queued = new DeploymentChanges();
    private boolean flushScheduled;

    DeploymentWriter(DeploymentStore store, OrchestratorMetrics metrics, Duration interval, int maxBatch) {
        this.store = store;
        this.metrics = metrics;
        this.interval = interval;
        this.maxBatch = maxBatch;
        this.thread = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread t = new Thread(runnable, "hoist-deployment-writer");
            t.setDaemon(true);
            return t;
        });
    }

    /** Queues rows for the next batch; returns at once. */
    void enqueue(DeploymentChanges changes) {
        boolean flushNow;
        boolean flushLater;
        synchronized (lock) {
            queued.addAll(changes);
            flushNow = queued.size() >= maxBatch;
            flushLater = !flushNow && !flushScheduled;
            if (flushNow || flushLater) {
                flushScheduled = true;
            }
        }
        if (flushNow) {
            thread.execute(this::flushQueued);
        } else if (flushLater) {
            thread.schedule(this::flushQueued, interval.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /**
     * Writes {@code changes} and everything queued before them in one transaction, and returns once it
     * is committed.
     *
     * @throws IllegalStateException when the write failed (the store's error is the cause)
     */
    void commit(DeploymentChanges changes) {
        Future<?> done = thread.submit(() -> write(takeQueued().addAll(changes)));
        try {
            done.get(COMMIT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not store deployment changes: " + e.getCause().getMessage(),
                    e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("the store did not commit deployment changes within " + COMMIT_TIMEOUT, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while storing deployment changes", e);
        }
    }

    /** Writes whatever is queued and returns once it is committed. */
    void flush() {
        commit(new DeploymentChanges());
    }

    private DeploymentChanges takeQueued() {
        synchronized (lock) {
            DeploymentChanges taken = queued;
            queued = new DeploymentChanges();
            flushScheduled = false;
            return taken;
        }
    }

    private void flushQueued() {
        DeploymentChanges batch = takeQueued();
        try {
            write(batch);
        } catch (RuntimeException e) {
            // Nothing waits on a queued batch; the error must at least be loud and counted.
            metrics.writeFailed();
            LOG.error("Could not store {} queued deployment rows (events, log lines); they are lost", batch.size(), e);
        }
    }

    private void write(DeploymentChanges batch) {
        if (batch.isEmpty()) {
            return;
        }
        try (Timer.Context ignored = metrics.batchWritten(batch.size())) {
            store.write(batch);
        }
    }

    /** Stops the thread at once, dropping what is queued: what a killed controller would lose (tests). */
    void abandon() {
        thread.shutdownNow();
    }

    /** Writes what is queued, then stops the thread. */
    @Override
    public void close() {
        thread.execute(this::flushQueued);
        thread.shutdown();
        try {
            if (!thread.awaitTermination(30, TimeUnit.SECONDS)) {
                LOG.warn("The deployment writer did not finish its last batch within 30 s");
                thread.shutdownNow();
            }
        } catch (InterruptedException e) {
            thread.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
