package dev.hoist.controller.bundles;

import io.dropwizard.lifecycle.Managed;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs retention over every application on a schedule ({@code bundles.retention.interval}; 0 turns it off). */
public final class ScheduledPrune implements Managed {
    private static final Logger LOG = LoggerFactory.getLogger(ScheduledPrune.class);

    private final RevisionPruner pruner;
    private final Duration interval;
    private ScheduledExecutorService timer;

    public ScheduledPrune(RevisionPruner pruner, Duration interval) {
        this.pruner = pruner;
        this.interval = interval;
    }

    @Override
    public void start() {
        if (interval.isZero() || interval.isNegative()) {
            LOG.info("Scheduled retention is off (bundles.retention.interval is 0); run hoist revision prune");
            return;
        }
        timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "hoist-retention");
            thread.setDaemon(true);
            return thread;
        });
        timer.scheduleWithFixedDelay(this::runOnce, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** One run; a failure is logged and the next run tries again. */
    void runOnce() {
        try {
            RetentionPlanner.Plan plan = pruner.prune(null, false);
            if (!plan.revisions().isEmpty() || !plan.blobs().isEmpty()) {
                LOG.info("Retention pruned {} revisions and {} blobs ({} bytes)", plan.revisions().size(),
                        plan.blobs().size(), plan.bytesFreed());
            }
        } catch (RuntimeException e) {
            LOG.warn("Scheduled retention failed; it runs again in {}: {}", interval, e.toString());
        }
    }

    @Override
    public void stop() throws InterruptedException {
        if (timer != null) {
            timer.shutdownNow();
            timer.awaitTermination(10, TimeUnit.SECONDS);
        }
    }
}
