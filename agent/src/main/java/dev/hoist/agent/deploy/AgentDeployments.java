package dev.hoist.agent.deploy;

import dev.hoist.agent.AgentAssembly;
import dev.hoist.agent.exchange.BundlePart;
import dev.hoist.agent.exchange.Cancel;
import dev.hoist.agent.exchange.CommandAnswer;
import dev.hoist.agent.exchange.ControllerLink;
import dev.hoist.agent.exchange.Deploy;
import dev.hoist.agent.exchange.DeploymentMessageHandler;
import dev.hoist.agent.exchange.EventProgress;
import dev.hoist.agent.exchange.ResultAcknowledged;
import dev.hoist.agent.exchange.TrafficStepOutcome;
import dev.hoist.agent.identity.TrustedKeys;
import dev.hoist.agent.lifecycle.Cancellation;
import dev.hoist.agent.lifecycle.DeploymentEngine;
import dev.hoist.agent.lifecycle.EngineSettings;
import dev.hoist.agent.lifecycle.EventStatus;
import dev.hoist.agent.lifecycle.LeftoverHooks;
import dev.hoist.agent.state.EventJournal;
import dev.hoist.agent.state.InFlightEvent;
import dev.hoist.agent.upgrade.InstallLayout;
import dev.hoist.protocol.deploy.FailureClass;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's deployment work for its controller: takes {@link Deploy} and {@link Cancel} commands off
 * the connection, runs them, and reports back through the {@link ControllerLink}. Its parts (ledger,
 * outbox, bundle cache, journal, runner, threads) are made by the composition root and given to it.
 *
 * <p>Invariants:
 * <ul>
 *   <li>Nothing here runs on the connection's event loop but queueing: decisions and ledger writes run
 *       on the {@code hoist-agent-deploy-control} thread, in the order messages came; deployments run
 *       on their own {@code hoist-agent-deploy-N} threads.
 *   <li>A command id is answered once and for all: accepted or refused, the answer is recorded (atomic
 *       write) before it is sent, and a redelivery gets the same {@link CommandAnswer} and nothing else.
 *   <li>At most one command per deployment group runs at a time; another is refused with the reason.
 *   <li>Every report about a command is kept ({@link ReportOutbox}) until the controller acknowledges
 *       its result, and sent again after each reconnect; the result survives a restart in the
 *       {@link CommandLedger}. {@code Hello.pending_command_ids} lists what is still running or unacknowledged.
 *   <li>After a restart, {@link #recoverAfterRestart} reports the events left in flight
 *       {@code FAILED_AFTER_RESTART}, before any new command runs.
 * </ul>
 */
public final class AgentDeployments implements DeploymentMessageHandler, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AgentDeployments.class);

    /** Tunables; {@link #defaults()} is what {@code hoist-agent run} uses. */
    public record Settings(int keepDoneCommands, int maxKeptReports, Duration logFlushDelay, int logBatchLines,
            int logBatchBytes, long bundleWindowBytes, Duration bundleStallTimeout, EngineSettings engine) {
        public static Settings defaults() {
            return new Settings(1000, 20_000, Duration.ofMillis(100), 256, 1 << 20, 8L << 20, Duration.ofMinutes(2),
                    new EngineSettings());
        }
    }

    private final CommandLedger ledger;
    private final ReportOutbox outbox;
    private final BundleDownloader bundles;
    private final EventJournal journal;
    private final CommandRun.Parts parts;
    private final DeploymentThreads threads;
    private final LeftoverHooks leftovers;
    private final Map<String, Running> running = new ConcurrentHashMap<>();
    private volatile SelfUpgrades selfUpgrades;
    private volatile boolean restartRequested;

    /**
     * @param runner runs the events: a {@link dev.hoist.agent.lifecycle.DeploymentRunner} in the daemon
     * @param journal the journal {@code runner} keeps (of the same deployment root), read at restart
     * @param threads shut down by {@link #close()}
     */
    public AgentDeployments(CommandLedger ledger, ReportOutbox outbox, BundleDownloader bundles, EventJournal journal,
            DeploymentEngine runner, DeploymentThreads threads, Clock clock, Settings settings) {
        this(ledger, outbox, bundles, journal, runner, threads, clock, settings, new TrustedKeys(null));
    }

    /** @param trust the release keys this host trusts; with none, every revision runs, signed or not */
    public AgentDeployments(CommandLedger ledger, ReportOutbox outbox, BundleDownloader bundles, EventJournal journal,
            DeploymentEngine runner, DeploymentThreads threads, Clock clock, Settings settings, TrustedKeys trust) {
        this.ledger = ledger;
        this.outbox = outbox;
        this.bundles = bundles;
        this.journal = journal;
        this.threads = threads;
        this.leftovers = settings.engine().leftoverHooks(clock);
        this.parts = new CommandRun.Parts(ledger, outbox, bundles, runner, threads.logFlush(), clock, settings,
                new TrafficSteps(), trust);
    }

    /**
     * Lets upgrade commands (hoist agent upgrade) replace this agent; call before {@link #recoverAfterRestart}
     * so that an upgrade the previous agent began is finished. Without it they fail, saying why.
     */
    public void enableSelfUpgrades(SelfUpgrades upgrades) {
        this.selfUpgrades = upgrades;
    }

    /**
     * Call once at start, before connecting: every event left in flight by a previous run of the agent is
     * reported {@code FAILED_AFTER_RESTART} (its later events {@code Skipped}), every command left running
     * gets a FAILED result, and every result the controller has not acknowledged is queued to be sent again.
     */
    public void recoverAfterRestart() throws IOException {
        Set<String> reported = new HashSet<>();
        if (selfUpgrades != null) {
            UpgradeCompletion.AtStart upgrade = UpgradeCompletion.atStart(selfUpgrades, ledger, outbox);
            upgrade.commandId().ifPresent(reported::add);
            restartRequested = upgrade.restart();
        }
        List<InFlightEvent> interrupted = journal.takeAllInterrupted();
        for (InFlightEvent event : interrupted) {
            // Its hook may outlive the agent (it leads its own process group): end it before anything else.
            Optional<String> stopped = leftovers.stop(event);
            if (event.commandId().isEmpty()) {
                LOG.warn("A local run of group {} died during {}; nothing to report to the controller",
                        event.groupId(), event.event());
                continue;
            }
            Optional<CommandRecord> record = ledger.find(event.commandId());
            if (record.isPresent() && !record.get().running()) {
                // The journal is not forced to disk: after a machine crash an entry removed before its
                // command finished can come back. The ledger, which is, has the command's real end.
                LOG.info("Dropping a stale journal entry of command {} ({}): the command had already ended",
                        event.commandId(), event.event());
                continue;
            }
            LOG.warn("Command {} (deployment {}) was interrupted during {} by a restart: reporting it "
                    + "FAILED_AFTER_RESTART", event.commandId(), event.deploymentId(), event.event());
            List<String> events = record.map(CommandRecord::events).orElse(List.of(event.event()));
            String stoppedNote = stopped.map(text -> "; " + text).orElse("");
            reportInterrupted(event.commandId(), event.deploymentId(), events, event.event(), event.startedAt(),
                    stoppedNote);
            finishAfterRestart(record.orElse(new CommandRecord(event.commandId(), event.deploymentId(),
                    event.groupId(), events, CommandRecord.RUNNING, "", null, null, null, false, ledger.now())),
                    event.event() + " was interrupted: the agent restarted while it ran" + stoppedNote);
            reported.add(event.commandId());
        }
        for (CommandRecord record : ledger.all()) {
            if (record.running() && !reported.contains(record.commandId())) {
                LOG.warn("Command {} was running when the agent stopped (between events): reporting it failed",
                        record.commandId());
                finishAfterRestart(record, "the agent restarted while this command ran");
            } else if (record.pending() && !reported.contains(record.commandId())) {
                outbox.send(Reports.result(record));
            }
        }
    }

    private void reportInterrupted(String commandId, String deploymentId, List<String> events, String inFlight,
            Instant startedAt, String stoppedNote) {
        boolean after = false;
        Instant now = Instant.ofEpochMilli(ledger.now());
        for (String name : events) {
            if (name.equals(inFlight)) {
                outbox.send(new EventProgress(commandId, deploymentId, name, EventStatus.FAILED,
                        FailureClass.FAILED_AFTER_RESTART, "the agent restarted while " + name + " ran" + stoppedNote,
                        null, startedAt, now));
                after = true;
            } else if (after) {
                outbox.send(new EventProgress(commandId, deploymentId, name, EventStatus.SKIPPED,
                        null, "skipped: an earlier event failed", null, null, null));
            }
        }
    }

    private void finishAfterRestart(CommandRecord record, String message) throws IOException {
        CommandRecord finished = record.finished("FAILED", FailureClass.FAILED_AFTER_RESTART.name(), message,
                ledger.now());
        ledger.save(finished);
        outbox.send(Reports.result(finished));
    }

    @Override
    public void onDeploy(Deploy command, ControllerLink link) {
        threads.control().execute(() -> accept(command, link));
    }

    @Override
    public void onCancel(Cancel cancel, ControllerLink link) {
        threads.control().execute(() -> {
            Running target = running.get(cancel.commandId());
            if (target == null) {
                LOG.info("The controller cancelled command {}, which is not running here; nothing to do",
                        cancel.commandId());
            } else {
                LOG.info("Cancelling command {} ({})", cancel.commandId(), cancel.allowRunningHooksToFinish()
                        ? "its running hooks may finish" : "now");
                target.run().cancel(cancel.allowRunningHooksToFinish());
            }
        });
    }

    /**
     * The controller turned this agent away (its certificate refused, or told to stop): whatever runs for
     * it is cancelled now, running hooks included, since no report of it would be accepted any more.
     */
    @Override
    public void onRefusedByController(String reason) {
        threads.control().execute(() -> running.values().forEach(r -> {
            LOG.warn("Cancelling command {}: {}", r.commandId(), reason);
            r.run().stopNow(reason);
        }));
    }

    @Override
    public void onTrafficStep(TrafficStepOutcome outcome, ControllerLink link) {
        if (running.containsKey(outcome.commandId())) {
            parts.traffic().complete(outcome);
        } else {
            LOG.info("The controller reported the {} step of command {}, which is not running here; ignored",
                    outcome.event(), outcome.commandId());
        }
    }

    @Override
    public void onBundlePart(BundlePart part, ControllerLink link) {
        bundles.onPart(part);
    }

    @Override
    public void onResultAcknowledged(ResultAcknowledged ack, ControllerLink link) {
        threads.control().execute(() -> {
            try {
                ledger.resultAcknowledged(ack.commandId());
            } catch (IOException e) {
                LOG.warn("Cannot record that the controller acknowledged command {}: {}", ack.commandId(),
                        e.toString());
            }
            outbox.forget(ack.commandId());
        });
    }

    /**
     * Whether {@link #recoverAfterRestart} switched back from an agent upgrade that never reached the
     * controller: the agent should stop at once, for its supervisor to start the previous release.
     */
    public boolean restartRequested() {
        return restartRequested;
    }

    @Override
    public void onConnected(ControllerLink link) {
        outbox.attach(link);
        bundles.onConnected(link);
        SelfUpgrades self = selfUpgrades;
        if (self != null) {
            threads.control().execute(() -> {
                try {
                    UpgradeCompletion.atConnected(self, ledger, outbox);
                } catch (IOException e) {
                    LOG.warn("Cannot finish the agent upgrade in {}: {}", self.stateDir(), e.toString());
                }
            });
        }
    }

    @Override
    public void onDisconnected(ControllerLink link) {
        outbox.detach(link);
        bundles.onDisconnected(link);
    }

    @Override
    public List<String> pendingCommandIds() {
        return ledger.pendingIds();
    }

    /** Runs on the control thread. */
    private void accept(Deploy command, ControllerLink link) {
        String commandId = command.commandId();
        if (!CommandLedger.isValidId(commandId)) {
            ack(link, commandId, false, "command_id '" + commandId + "' is not valid: use 1-128 letters, digits, "
                    + "'.', '_' or '-', starting with a letter or digit");
            return;
        }
        Optional<CommandRecord> known = ledger.find(commandId);
        if (known.isPresent()) {
            LOG.info("Command {} was received before ({}); acknowledging it again", commandId, known.get().state());
            ack(link, commandId, known.get().accepted(), known.get().ackMessage());
            return;
        }
        Optional<String> problem = DeployCommandReader.problem(command);
        if (problem.isEmpty()) {
            problem = running.values().stream()
                    .filter(r -> r.groupId().equals(command.deploymentGroupId())).findFirst()
                    .map(r -> "command " + r.commandId() + " of deployment group " + command.deploymentGroupName()
                            + " (" + command.deploymentGroupId() + ") is still running on this host; one "
                            + "deployment per group runs at a time: wait for it, or cancel it");
        }
        CommandRecord record = new CommandRecord(commandId, command.deploymentId(),
                command.deploymentGroupId(), command.events(),
                problem.isPresent() ? CommandRecord.REFUSED : CommandRecord.RUNNING, problem.orElse(""), null, null,
                null, false, ledger.now());
        try {
            ledger.save(record);
        } catch (IOException e) {
            LOG.error("Cannot record command {}: {}", commandId, e.toString());
            ack(link, commandId, false, "the agent cannot record the command in its state directory (" + e.getMessage()
                    + "); free disk space or fix its permissions, then deploy again");
            return;
        }
        if (problem.isPresent()) {
            LOG.warn("Refused command {}: {}", commandId, problem.get());
            ack(link, commandId, false, problem.get());
            return;
        }
        ack(link, commandId, true, "");
        if (command.isAgentUpgrade()) {
            upgrade(command, record);
            return;
        }
        CommandRun run = new CommandRun(parts, command, record, new Cancellation());
        running.put(commandId, new Running(commandId, command.deploymentGroupId(), run));
        threads.runs().execute(() -> {
            try {
                run.run();
            } finally {
                running.remove(commandId);
            }
        });
    }

    /** An agent upgrade runs beside the deployments, and restarts the agent only once they have ended. */
    private void upgrade(Deploy command, CommandRecord record) {
        String commandId = command.commandId();
        SelfUpgrades self = selfUpgrades != null ? selfUpgrades : new SelfUpgrades(null, "",
                new InstallLayout.Result(null, "this agent was not started by `hoist-agent run` and cannot replace "
                        + "itself"), Duration.ZERO, () -> { });
        UpgradeRun run = new UpgradeRun(parts, command, record, new Cancellation(), self,
                () -> running.keySet().stream().anyMatch(id -> !id.equals(commandId)));
        running.put(commandId, new Running(commandId, command.deploymentGroupId(), run));
        threads.runs().execute(() -> {
            try {
                run.run();
            } finally {
                running.remove(commandId);
            }
        });
    }

    private static void ack(ControllerLink link, String commandId, boolean accepted, String message) {
        link.send(new CommandAnswer(commandId, accepted, message == null ? "" : message));
    }

    /** Stops taking commands; cancels what runs and waits a few seconds for it; shuts its threads down. */
    @Override
    public void close() {
        threads.control().shutdownNow();
        running.values().forEach(r -> r.run().stopNow("the agent is stopping"));
        threads.runs().shutdown();
        try {
            if (!threads.runs().awaitTermination(10, TimeUnit.SECONDS)) {
                threads.runs().shutdownNow();
            }
        } catch (InterruptedException e) {
            threads.runs().shutdownNow();
            Thread.currentThread().interrupt();
        }
        threads.logFlush().shutdownNow();
    }

    private record Running(String commandId, String groupId, RunningCommand run) {
    }
}
