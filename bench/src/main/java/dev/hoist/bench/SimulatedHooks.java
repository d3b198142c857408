package dev.hoist.bench;

import dev.hoist.agent.lifecycle.Cancellation;
import dev.hoist.agent.lifecycle.DeploymentEngine;
import dev.hoist.agent.lifecycle.DeploymentListener;
import dev.hoist.agent.lifecycle.DeploymentRequest;
import dev.hoist.agent.lifecycle.DeploymentResult;
import dev.hoist.agent.lifecycle.EventGate;
import dev.hoist.agent.lifecycle.EventReport;
import dev.hoist.agent.lifecycle.EventStatus;
import dev.hoist.agent.lifecycle.OutputLine;
import dev.hoist.protocol.appspec.LifecycleEvent;
import dev.hoist.protocol.deploy.FailureClass;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAccumulator;

/**
 * The swarm's deployment engine: the only simulated part of a simulated agent. Each event is reported in
 * progress, writes {@code linesPerHook} output lines when it is a hook event, takes {@code hookDelay}, and
 * succeeds, except that a run fails its AfterInstall with probability {@code failureRate} (later events
 * Skipped), as a failing script would. Everything around it (command ledger, report outbox, log batching,
 * bundle cache, connection) is the agent's own code.
 */
final class SimulatedHooks implements DeploymentEngine {
    private final Duration hookDelay;
    private final double failureRate;
    private final int linesPerHook;
    /** Time spent in the simulated hooks' delays, all agents together, as measured around each sleep. */
    final AtomicLong hookNanos = new AtomicLong();
    /** Runs started, all agents together: a run starts once the agent's own code has fetched and verified the bundle. */
    final AtomicLong runsStarted = new AtomicLong();
    /** {@link System#nanoTime()} of the latest run start. */
    final LongAccumulator lastRunStartedAt = new LongAccumulator(Math::max, 0);

    SimulatedHooks(Duration hookDelay, double failureRate, int linesPerHook) {
        this.hookDelay = hookDelay;
        this.failureRate = failureRate;
        this.linesPerHook = linesPerHook;
    }

    @Override
    public DeploymentResult run(DeploymentRequest request, DeploymentListener listener, Cancellation cancellation,
            EventGate gate) {
        lastRunStartedAt.accumulate(System.nanoTime());
        runsStarted.incrementAndGet();
        boolean fails = failureRate > 0 && ThreadLocalRandom.current().nextDouble() < failureRate;
        List<EventReport> reports = new ArrayList<>();
        boolean failed = false;
        for (LifecycleEvent event : request.events()) {
            if (failed || cancellation.stopsBeforeNextEvent() || cancellation.isCancelled()) {
                EventReport skipped = new EventReport(event, EventStatus.SKIPPED, null, "skipped: an earlier event failed",
                        null, null, null);
                listener.eventChanged(skipped);
                reports.add(skipped);
                continue;
            }
            Instant started = Instant.now();
            listener.eventChanged(new EventReport(event, EventStatus.IN_PROGRESS, null, "", null, started, null));
            if (event.runsScripts()) {
                for (int line = 0; line < linesPerHook; line++) {
                    listener.outputLine(event, new OutputLine(Instant.now(), OutputLine.Stream.STDOUT, "scripts/hook.sh",
                            "simulated " + event.wireName() + " line " + (line + 1) + " on " + request.commandId()));
                }
                if (!hookDelay.isZero()) {
                    long slept = System.nanoTime();
                    try {
                        Thread.sleep(hookDelay.toMillis());
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        failed = true;
                    } finally {
                        hookNanos.addAndGet(System.nanoTime() - slept);
                    }
                }
            }
            boolean thisFails = fails && event == LifecycleEvent.AFTER_INSTALL;
            EventReport done = thisFails
                    ? new EventReport(event, EventStatus.FAILED, FailureClass.SCRIPT_FAILED, "simulated failure", 1,
                            started, Instant.now())
                    : new EventReport(event, EventStatus.SUCCEEDED, null, "", event.runsScripts() ? 0 : null, started,
                            Instant.now());
            listener.eventChanged(done);
            reports.add(done);
            failed |= thisFails;
        }
        return new DeploymentResult(request.deploymentId(), !failed, reports, null, List.of(), Optional.empty());
    }
}
