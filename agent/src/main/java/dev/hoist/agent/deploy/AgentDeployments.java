package dev.hoist.agent.deploy;

import dev.hoist.agent.connection.ControllerLink;
import dev.hoist.agent.connection.DeploymentMessageHandler;
import dev.hoist.agent.lifecycle.Cancellation;
import dev.hoist.agent.lifecycle.DeploymentRunner;
import dev.hoist.agent.lifecycle.EngineSettings;
import dev.hoist.agent.state.DeploymentLayout;
import dev.hoist.agent.state.EventJournal;
import dev.hoist.agent.state.InFlightEvent;
import dev.hoist.protocol.deploy.FailureClass;
import dev.hoist.protocol.v1.BundleChunk;
import dev.hoist.protocol.v1.CancelCommand;
import dev.hoist.protocol.v1.CommandAck;
import dev.hoist.protocol.v1.DeployCommand;
import dev.hoist.protocol.v1.Envelope;
import dev.hoist.protocol.v1.HostResultAck;
import dev.hoist.protocol.v1.Status;
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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's deployment work for its controller: takes {@code DeployCommand}s and {@code CancelCommand}s
 * off the connection, runs them, and reports back.
 *
 * <p>Invariants:
 * <ul>
 *   <li>Nothing here runs on the connection's event loop but queueing: decisions and ledger writes run
 *       on the {@code hoist-agent-deploy-control} thread, in the order messages came; deployments run
 *       on their own {@code hoist-agent-deploy-N} threads.
 *   <li>A command id is answered once and for all: accepted or refused, the answer is recorded (atomic
 *       write) before it is sent, and a redelivery gets the same {@code CommandAck} and nothing else.
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

    private final String agentId;
    private final CommandLedger ledger;
    private final ReportOutbox outbox;
    private final BundleDownloader bundles;
    private final EventJournal journal;
    private final CommandRun.Parts parts;
    private final ExecutorService control;
    private final ExecutorService runs;
    private final ScheduledExecutorService timer;
    private final Map<String, Running> running = new ConcurrentHashMap<>();

    private AgentDeployments(String agentId, CommandLedger ledger, BundleDownloader bundles, DeploymentLayout layout,
            Clock clock, Settings settings) {
        this.agentId = agentId;
        this.ledger = ledger;
        this.bundles = bundles;
        this.outbox = new ReportOutbox(settings.maxKeptReports());
        this.journal = new EventJournal(layout);
        this.control = Executors.newSingleThreadExecutor(named("hoist-agent-deploy-control", null));
        this.runs = Executors.newCachedThreadPool(named("hoist-agent-deploy-", new AtomicInteger()));
        this.timer = Executors.newSingleThreadScheduledExecutor(named("hoist-agent-log-flush", null));
        DeploymentRunner runner = settings.engine().build(layout, clock);
        this.parts = new CommandRun.Parts(agentId, ledger, outbox, bundles, runner, timer, clock, settings);
    }

    /**
     * Opens the agent's deployment state: the command ledger in {@code <stateDir>/commands}, the bundle
     * cache in {@code <stateDir>/bundles}, deployments under {@code deploymentRoot}.
     */
    public static AgentDeployments open(String agentId, Path stateDir, Path deploymentRoot, Clock clock,
            Settings settings) throws IOException {
        CommandLedger ledger = CommandLedger.open(stateDir.resolve("commands"), settings.keepDoneCommands(), clock);
        BundleDownloader bundles = new BundleDownloader(stateDir.resolve("bundles"), settings.bundleWindowBytes(),
                settings.bundleStallTimeout());
        return new AgentDeployments(agentId, ledger, bundles, new DeploymentLayout(deploymentRoot), clock, settings);
    }

    /**
     * Call once at start, before connecting: every event left in flight by a previous run of the agent is
     * reported {@code FAILED_AFTER_RESTART} (its later events {@code Skipped}), every command left running
     * gets a FAILED result, and every result the controller has not acknowledged is queued to be sent again.
     */
    public void recoverAfterRestart() throws IOException {
        List<InFlightEvent> interrupted = journal.takeAllInterrupted();
        Set<String> reported = new HashSet<>();
        for (InFlightEvent event : interrupted) {
            if (event.commandId().isEmpty()) {
                LOG.warn("A local run of group {} died during {}; nothing to report to the controller",
                        event.groupId(), event.event());
                continue;
            }
            Optional<CommandRecord> record = ledger.find(event.commandId());
            LOG.warn("Command {} (deployment {}) was interrupted during {} by a restart: reporting it "
                    + "FAILED_AFTER_RESTART", event.commandId(), event.deploymentId(), event.event());
            List<String> events = record.map(CommandRecord::events).orElse(List.of(event.event()));
            reportInterrupted(event.commandId(), event.deploymentId(), events, event.event(), event.startedAt());
            finishAfterRestart(record.orElse(new CommandRecord(event.commandId(), event.deploymentId(),
                    event.groupId(), events, CommandRecord.RUNNING, "", null, null, null, false, ledger.now())),
                    event.event() + " was interrupted: the agent restarted while it ran");
            reported.add(event.commandId());
        }
        for (CommandRecord record : ledger.all()) {
            if (record.running() && !reported.contains(record.commandId())) {
                LOG.warn("Command {} was running when the agent stopped (between events): reporting it failed",
                        record.commandId());
                finishAfterRestart(record, "the agent restarted while this command ran");
            } else if (record.pending() && !reported.contains(record.commandId())) {
                outbox.send(record.commandId(), Reports.result(agentId, record));
            }
        }
    }

    private void reportInterrupted(String commandId, String deploymentId, List<String> events, String inFlight,
            Instant startedAt) {
        boolean after = false;
        Instant now = Instant.ofEpochMilli(ledger.now());
        for (String name : events) {
            if (name.equals(inFlight)) {
                outbox.send(commandId, Reports.event(agentId, commandId, deploymentId, name, Status.FAILED,
                        FailureClass.FAILED_AFTER_RESTART, "the agent restarted while " + name + " ran",
                        null, startedAt, now));
                after = true;
            } else if (after) {
                outbox.send(commandId, Reports.event(agentId, commandId, deploymentId, name, Status.SKIPPED,
                        null, "skipped: an earlier event failed", null, null, null));
            }
        }
    }

    private void finishAfterRestart(CommandRecord record, String message) throws IOException {
        CommandRecord finished = record.finished("FAILED", FailureClass.FAILED_AFTER_RESTART.name(), message,
                ledger.now());
        ledger.save(finished);
        outbox.send(record.commandId(), Reports.result(agentId, finished));
    }

    @Override
    public void onDeployCommand(DeployCommand command, ControllerLink link) {
        control.execute(() -> accept(command, link));
    }

    @Override
    public void onCancelCommand(CancelCommand cancel, ControllerLink link) {
        control.execute(() -> {
            Running target = running.get(cancel.getCommandId());
            if (target == null) {
                LOG.info("The controller cancelled command {}, which is not running here; nothing to do",
                        cancel.getCommandId());
            } else {
                LOG.info("Cancelling command {} ({})", cancel.getCommandId(), cancel.getAllowRunningHooksToFinish()
                        ? "its running hooks may finish" : "now");
                target.run().cancel(cancel.getAllowRunningHooksToFinish());
            }
        });
    }

    @Override
    public void onBundleChunk(BundleChunk chunk, ControllerLink link) {
        bundles.onChunk(chunk);
    }

    @Override
    public void onHostResultAck(HostResultAck ack, ControllerLink link) {
        control.execute(() -> {
            try {
                ledger.resultAcknowledged(ack.getCommandId());
            } catch (IOException e) {
                LOG.warn("Cannot record that the controller acknowledged command {}: {}", ack.getCommandId(),
                        e.toString());
            }
            outbox.forget(ack.getCommandId());
        });
    }

    @Override
    public void onConnected(ControllerLink link) {
        outbox.attach(link);
        bundles.onConnected(link);
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
    private void accept(DeployCommand command, ControllerLink link) {
        String commandId = command.getCommandId();
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
                    .filter(r -> r.groupId().equals(command.getDeploymentGroupId())).findFirst()
                    .map(r -> "command " + r.commandId() + " of deployment group " + command.getDeploymentGroupName()
                            + " (" + command.getDeploymentGroupId() + ") is still running on this host; one "
                            + "deployment per group runs at a time: wait for it, or cancel it");
        }
        CommandRecord record = new CommandRecord(commandId, command.getDeploymentId(),
                command.getDeploymentGroupId(), command.getEventsList(),
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
        CommandRun run = new CommandRun(parts, command, record, new Cancellation());
        running.put(commandId, new Running(commandId, command.getDeploymentGroupId(), run));
        runs.execute(() -> {
            try {
                run.run();
            } finally {
                running.remove(commandId);
            }
        });
    }

    private static void ack(ControllerLink link, String commandId, boolean accepted, String message) {
        link.send(Envelope.newBuilder().setCommandAck(CommandAck.newBuilder()
                .setCommandId(commandId).setAccepted(accepted).setMessage(message == null ? "" : message)));
    }

    /** Stops taking commands; cancels what runs and waits a few seconds for it. */
    @Override
    public void close() {
        control.shutdownNow();
        running.values().forEach(r -> r.run().stopNow("the agent is stopping"));
        runs.shutdown();
        try {
            if (!runs.awaitTermination(10, TimeUnit.SECONDS)) {
                runs.shutdownNow();
            }
        } catch (InterruptedException e) {
            runs.shutdownNow();
            Thread.currentThread().interrupt();
        }
        timer.shutdownNow();
    }

    private record Running(String commandId, String groupId, CommandRun run) {
    }

    private static java.util.concurrent.ThreadFactory named(String name, AtomicInteger counter) {
        return runnable -> {
            Thread thread = new Thread(runnable, counter == null ? name : name + counter.getAndIncrement());
            thread.setDaemon(true);
            return thread;
        };
    }
}
