package dev.hoist.agent.deploy;

import dev.hoist.agent.exchange.Deploy;
import dev.hoist.agent.exchange.EventProgress;
import dev.hoist.agent.identity.TrustedKeys;
import dev.hoist.agent.lifecycle.Cancellation;
import dev.hoist.agent.lifecycle.DeploymentEngine;
import dev.hoist.agent.lifecycle.DeploymentListener;
import dev.hoist.agent.lifecycle.DeploymentResult;
import dev.hoist.agent.lifecycle.DeploymentRunner;
import dev.hoist.agent.lifecycle.EventGate;
import dev.hoist.agent.lifecycle.EventReport;
import dev.hoist.agent.lifecycle.EventStatus;
import dev.hoist.agent.lifecycle.OutputLine;
import dev.hoist.agent.state.InFlightEvent;
import dev.hoist.protocol.appspec.LifecycleEvent;
import dev.hoist.protocol.deploy.FailureClass;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One accepted command, run to its end on a deployment worker thread: fetch the bundle (reported as the
 * start of DownloadBundle), run the {@link DeploymentRunner} exactly as local mode does, with the health
 * gate after ValidateService, and report every event, every output line and the result.
 *
 * <p>Reporting rules: an event's start and end are sent as they happen, its log lines before its end;
 * {@code Skipped} events are sent once the run is over. A refusal before any event (bundle or AppSpec
 * refused, bundle not fetched) is reported as a failed DownloadBundle with the refusal's failure class
 * and the later events {@code Skipped}, so the host's failure is always its first failed event's.
 * The result is recorded in the {@link CommandLedger} before it is sent.
 */
final class CommandRun implements RunningCommand {
    private static final Logger LOG = LoggerFactory.getLogger(CommandRun.class);

    /** What every run shares. */
    record Parts(CommandLedger ledger, ReportOutbox outbox, BundleDownloader bundles,
            DeploymentEngine runner, ScheduledExecutorService timer, Clock clock, AgentDeployments.Settings settings,
            TrafficSteps traffic, TrustedKeys trust) {
    }

    private final Parts parts;
    private final Deploy command;
    private final CommandRecord record;
    private final Cancellation cancellation;
    private final LogBatcher logs;
    private final List<LifecycleEvent> events;
    private final List<EventReport> skipped = new ArrayList<>();
    private Instant downloadStarted;
    private volatile LifecycleEvent current = LifecycleEvent.DOWNLOAD_BUNDLE;

    CommandRun(Parts parts, Deploy command, CommandRecord record, Cancellation cancellation) {
        this.parts = parts;
        this.command = command;
        this.record = record;
        this.cancellation = cancellation;
        this.logs = new LogBatcher(command.commandId(), command.deploymentId(), parts.outbox(),
                parts.timer(), parts.settings().logFlushDelay(), parts.settings().logBatchLines(),
                parts.settings().logBatchBytes());
        this.events = command.events().stream()
                .map(name -> LifecycleEvent.fromWireName(name).orElseThrow()).toList();
    }

    @Override
    public void run() {
        try {
            execute();
        } catch (RuntimeException e) {
            LOG.error("Command {} failed unexpectedly", command.commandId(), e);
            logs.flush();
            finish(FailureClass.UNKNOWN_ERROR, "unexpected agent error: " + e);
        }
    }

    private void execute() {
        String commandId = command.commandId();
        LOG.info("Running command {}: deployment {} of {} to group {} (bundle {})", commandId,
                command.deploymentId(), command.applicationName(), command.deploymentGroupName(),
                command.bundle().sha256());
        downloadStarted = parts.clock().instant();
        boolean downloadPlanned = events.contains(LifecycleEvent.DOWNLOAD_BUNDLE);
        if (downloadPlanned) {
            send(LifecycleEvent.DOWNLOAD_BUNDLE, EventStatus.IN_PROGRESS, null, "", downloadStarted, null);
        }
        // The signature is checked against the digest the command names before a byte is fetched, and the
        // download refuses bytes that do not have that digest: so what runs is what a trusted key signed.
        TrustedKeys.Check trust = parts.trust().check(command.applicationName(), command.revisionId(),
                command.bundle().sha256(), command.bundle().signature());
        if (trust.outcome() != TrustedKeys.Outcome.NOT_REQUIRED) {
            note(LifecycleEvent.DOWNLOAD_BUNDLE, trust.message());
        }
        if (trust.outcome() == TrustedKeys.Outcome.REFUSED) {
            LOG.warn("Command {} refused: {}", commandId, trust.message());
            refusedBeforeFirstEvent(FailureClass.SIGNATURE_INVALID, trust.message());
            return;
        }
        Path bundle;
        try {
            bundle = parts.bundles().fetch(command.bundle().sha256(), command.bundle().sizeBytes(),
                    command.bundle().url(), cancellation,
                    text -> note(LifecycleEvent.DOWNLOAD_BUNDLE, text));
        } catch (BundleFetchException e) {
            note(LifecycleEvent.DOWNLOAD_BUNDLE, e.failure() + ": " + e.getMessage());
            if (trust.outcome() == TrustedKeys.Outcome.VERIFIED && e.failure() == FailureClass.BUNDLE_DIGEST_MISMATCH) {
                refusedBeforeFirstEvent(FailureClass.SIGNATURE_INVALID, "the bundle received is not the one that was "
                        + "signed: " + e.getMessage());
                return;
            }
            refusedBeforeFirstEvent(e.failure(), e.getMessage());
            return;
        } catch (InterruptedException e) {
            // The agent is stopping: the command stays RUNNING in the ledger and is reported
            // FAILED_AFTER_RESTART when the agent comes back.
            Thread.currentThread().interrupt();
            LOG.warn("Command {} stopped while downloading its bundle: the agent is shutting down", commandId);
            return;
        }

        parts.bundles().usedBy(command.deploymentGroupId(), command.bundle().sha256());

        HealthChecksGate health = new HealthChecksGate(DeployCommandReader.healthChecks(command),
                DeployCommandReader.bake(command), DeployCommandReader.interval(command));
        EventGate gate = health;
        if (command.trafficStepTimeoutSeconds() > 0) {
            TrafficGate traffic = new TrafficGate(command.commandId(), parts.traffic(),
                    Duration.ofSeconds(command.trafficStepTimeoutSeconds()));
            gate = (event, note, cancelled) -> traffic.check(event, note, cancelled)
                    .or(() -> health.check(event, note, cancelled));
        }
        DeploymentResult result = parts.runner().run(DeployCommandReader.request(command, bundle), new Listener(),
                cancellation, gate);
        if (result.error() != null && result.error().failure() == FailureClass.BUNDLE_DIGEST_MISMATCH) {
            parts.bundles().evict(command.bundle().sha256());
        }
        logs.flush();
        boolean noEventRan = result.events().stream().allMatch(e -> e.status() == EventStatus.SKIPPED);
        if (result.error() != null && noEventRan) {
            refusedBeforeFirstEvent(result.error().failure(), result.error().message());
            return;
        }
        skipped.forEach(report -> sendReport(report));
        if (result.succeeded()) {
            finishSucceeded("all " + events.size() + " events succeeded");
        } else if (result.firstFailure().isPresent()) {
            EventReport first = result.firstFailure().get();
            finish(first.failure(), first.event().wireName() + " failed: " + first.message());
        } else if (result.error() != null) {
            finish(result.error().failure(), result.error().message());
        } else {
            finish(FailureClass.CANCELLED, "cancelled: " + cancellation.stopReason());
        }
    }

    /** Notes in the running event's log that the controller asked to stop, then stops as asked. */
    @Override
    public void cancel(boolean allowRunningHooksToFinish) {
        if (allowRunningHooksToFinish) {
            note(current, "the controller cancelled this command: the running hook may finish, later events are "
                    + "skipped");
            cancellation.stopAfterRunningHooks("the controller cancelled the command; running hooks were allowed "
                    + "to finish");
        } else {
            note(current, "the controller cancelled this command: stopping the running hook");
            cancellation.cancel("the controller cancelled the command");
        }
    }

    /** Stops the running hook at once, for {@code why} (the agent is stopping). */
    @Override
    public void stopNow(String why) {
        cancellation.cancel(why);
    }

    /** Reports DownloadBundle failed with {@code failure}, every other event Skipped, and the result. */
    private void refusedBeforeFirstEvent(FailureClass failure, String message) {
        logs.flush();
        Instant now = parts.clock().instant();
        for (LifecycleEvent event : events) {
            if (event == LifecycleEvent.DOWNLOAD_BUNDLE) {
                send(event, EventStatus.FAILED, failure, message, downloadStarted, now);
            } else {
                send(event, EventStatus.SKIPPED, null, "not run: " + failure + " before the first event", null, null);
            }
        }
        finish(failure, message);
    }

    private void finishSucceeded(String message) {
        record("SUCCEEDED", null, message);
    }

    private void finish(FailureClass failure, String message) {
        record("FAILED", failure == null ? FailureClass.UNKNOWN_ERROR.name() : failure.name(), message);
    }

    private void record(String status, String failure, String message) {
        CommandRecord finished = record.finished(status, failure, message, parts.ledger().now());
        try {
            parts.ledger().save(finished);
        } catch (IOException e) {
            LOG.error("Cannot record the result of command {} ({}); it is sent, but a restart before the "
                    + "controller acknowledges it loses it", command.commandId(), e.toString());
        }
        LOG.info("Command {} finished: {}{}", command.commandId(), status, failure == null ? "" : " (" + failure
                + ": " + message + ")");
        parts.outbox().send(Reports.result(finished));
    }

    private void note(LifecycleEvent event, String text) {
        logs.add(event.wireName(), new OutputLine(parts.clock().instant(), OutputLine.Stream.AGENT, "", text));
    }

    private void send(LifecycleEvent event, EventStatus status, FailureClass failure, String message, Instant started,
            Instant ended) {
        parts.outbox().send(new EventProgress(command.commandId(), command.deploymentId(), event.wireName(), status,
                failure, message, null, started, ended));
    }

    private void sendReport(EventReport report) {
        parts.outbox().send(Reports.event(command.commandId(), command.deploymentId(), report));
    }

    /** The engine's progress, onto the wire. */
    private final class Listener implements DeploymentListener {
        @Override
        public void eventChanged(EventReport report) {
            if (report.status() == EventStatus.SKIPPED) {
                skipped.add(report); // sent once the run is over, or turned into the refusal's report
                return;
            }
            if (report.status() == EventStatus.IN_PROGRESS) {
                current = report.event();
            }
            if (report.event() == LifecycleEvent.DOWNLOAD_BUNDLE) {
                if (report.status() == EventStatus.IN_PROGRESS) {
                    return; // already reported when the download started
                }
                report = new EventReport(report.event(), report.status(), report.failure(), report.message(),
                        report.exitCode(), downloadStarted, report.endedAt());
            }
            if (report.status().isFinal()) {
                logs.flush(); // an event's lines arrive before its end
            }
            sendReport(report);
        }

        @Override
        public void outputLine(LifecycleEvent event, OutputLine line) {
            logs.add(event.wireName(), line);
        }

        @Override
        public void interruptedEarlier(InFlightEvent event) {
            LOG.warn("A run of group {} (deployment {}) died during {}; it was reported at start-up",
                    event.groupId(), event.deploymentId(), event.event());
        }
    }
}
