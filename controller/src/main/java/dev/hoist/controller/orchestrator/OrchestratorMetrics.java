package dev.hoist.controller.orchestrator;

import com.codahale.metrics.Counter;
import com.codahale.metrics.Histogram;
import com.codahale.metrics.Meter;
import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.Timer;
import dev.hoist.controller.core.deploy.DeploymentStatus;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** The orchestrator's figures in the controller's metric registry ({@code hoist.deployments.*}). */
public final class OrchestratorMetrics {
    private final Meter created;
    private final Map<DeploymentStatus, Counter> ended = new EnumMap<>(DeploymentStatus.class);
    private final AtomicInteger inProgress = new AtomicInteger();
    private final AtomicInteger queued = new AtomicInteger();
    private final Meter hostsDispatched;
    private final Meter reportsApplied;
    private final Histogram batchSize;
    private final Timer batchLatency;
    private final Meter writeFailures;
    private final MetricRegistry registry;

    public OrchestratorMetrics(MetricRegistry registry) {
        this.registry = registry;
        created = registry.meter("hoist.deployments.created");
        for (DeploymentStatus status : DeploymentStatus.values()) {
            if (status.isFinal()) {
                ended.put(status, registry.counter("hoist.deployments.ended." + status.displayName()));
            }
        }
        registry.gauge("hoist.deployments.active.InProgress", () -> inProgress::get);
        registry.gauge("hoist.deployments.active.Queued", () -> queued::get);
        hostsDispatched = registry.meter("hoist.deployments.hosts.dispatched");
        reportsApplied = registry.meter("hoist.deployments.reports.applied");
        batchSize = registry.histogram("hoist.deployments.writes.batch-size");
        batchLatency = registry.timer("hoist.deployments.writes.latency");
        writeFailures = registry.meter("hoist.deployments.writes.failed");
    }

    void created() {
        created.mark();
    }

    void ended(DeploymentStatus status) {
        Counter counter = ended.get(status);
        if (counter != null) {
            counter.inc();
        }
    }

    void active(int running, int waiting) {
        inProgress.set(running);
        queued.set(waiting);
    }

    void hostDispatched() {
        hostsDispatched.mark();
    }

    void reportApplied() {
        reportsApplied.mark();
    }

    Timer.Context batchWritten(int rows) {
        batchSize.update(rows);
        return batchLatency.time();
    }

    /** Reports and calls waiting for the orchestrator's thread. */
    void gaugeQueued(java.util.function.IntSupplier queued) {
        registry.gauge("hoist.deployments.intake.queued", () -> queued::getAsInt);
    }

    void writeFailed() {
        writeFailures.mark();
    }
}
