package dev.hoist.agent.deploy;

import dev.hoist.agent.exchange.Deploy;
import dev.hoist.agent.exchange.EventProgress;
import dev.hoist.agent.lifecycle.Cancellation;
import dev.hoist.agent.lifecycle.EventStatus;
import dev.hoist.agent.lifecycle.OutputLine;
import dev.hoist.agent.upgrade.AgentUpgrader;
import dev.hoist.agent.upgrade.InstallLayout;
import dev.hoist.agent.upgrade.UpgradeMarker;
import dev.hoist.protocol.deploy.FailureClass;
import dev.hoist.protocol.appspec.LifecycleEvent;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One agent upgrade command, run to the restart: the events the controller asked for stand for its steps.
 * <ul>
 *   <li>DownloadBundle: the distribution, fetched and checked against its digest as any bundle;</li>
 *   <li>Install: unpacked beside the running release and started once ({@code --version}): a build that
 *       cannot start fails here, and nothing the running agent depends on has changed;</li>
 *   <li>ApplicationStart: once no other command runs on this host, the note for the next agent is written,
 *       {@code current} flips, and the agent stops for its supervisor to start the new release; the new agent
 *       reports this event and the next;</li>
 *   <li>ValidateService: the agent that started runs the version asked for and reached the controller
 *       ({@link UpgradeCompletion}).</li>
 * </ul>
 * Hooks the other commands started, and the applications they started, are not touched: the agent waits
 * for running commands to end before it stops, and stopping the agent signals the agent alone (the unit's
 * {@code KillMode=process}).
 */
final class UpgradeRun implements RunningCommand {
    private static final Logger LOG = LoggerFactory.getLogger(UpgradeRun.class);
    private static final Duration OTHERS_WAIT = Duration.ofHours(1);

    private final CommandRun.Parts parts;
    private final Deploy command;
    private final CommandRecord record;
    private final Cancellation cancellation;
    private final SelfUpgrades self;
    private final BooleanSupplier othersRunning;
    private final LogBatcher logs;
    private LifecycleEvent current = LifecycleEvent.DOWNLOAD_BUNDLE;
    private Instant startedAt;

    UpgradeRun(CommandRun.Parts parts, Deploy command, CommandRecord record, Cancellation cancellation,
            SelfUpgrades self, BooleanSupplier othersRunning) {
        this.parts = parts;
        this.command = command;
        this.record = record;
        this.cancellation = cancellation;
        this.self = self;
        this.othersRunning = othersRunning;
        this.logs = new LogBatcher(command.commandId(), command.deploymentId(), parts.outbox(), parts.timer(),
                parts.settings().logFlushDelay(), parts.settings().logBatchLines(), parts.settings().logBatchBytes());
    }

    @Override
    public void run() {
        try {
            execute();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.warn("Agent upgrade {} stopped: the agent is shutting down", command.commandId());
            fail("the agent was stopped during the upgrade; nothing was switched");
        } catch (RuntimeException e) {
            LOG.error("Agent upgrade {} failed unexpectedly", command.commandId(), e);
            fail("unexpected agent error: " + e);
        }
    }

    private void execute() throws InterruptedException {
        String version = command.agentUpgradeVersion();
        LOG.info("Agent upgrade {}: from {} to {} (distribution {})", command.commandId(), self.runningVersion(),
                version, command.bundle().sha256());
        if (version.equals(self.runningVersion())) {
            begin(LifecycleEvent.DOWNLOAD_BUNDLE);
            for (String name : command.events()) {
                LifecycleEvent event = LifecycleEvent.fromWireName(name).orElseThrow();
                send(event, EventStatus.SUCCEEDED, null, "the agent runs " + version + " already",
                        parts.clock().instant());
            }
            finish("SUCCEEDED", null, "the agent runs " + version + " already");
            return;
        }
        begin(LifecycleEvent.DOWNLOAD_BUNDLE);
        InstallLayout layout = self.layout().layout();
        if (layout == null) {
            fail(self.layout().problem());
            return;
        }
        Path tarball;
        try {
            tarball = parts.bundles().fetch(command.bundle().sha256(), command.bundle().sizeBytes(),
                    command.bundle().url(), cancellation, this::note);
        } catch (BundleFetchException e) {
            fail(e.getMessage());
            return;
        }
        end(LifecycleEvent.DOWNLOAD_BUNDLE, "fetched the agent distribution " + command.bundle().sha256());

        begin(LifecycleEvent.INSTALL);
        AgentUpgrader upgrader = new AgentUpgrader(layout, self.checkTimeout());
        Path release;
        try {
            release = upgrader.unpack(tarball, command.bundle().sha256(), this::note);
            try {
                upgrader.check(release, version, this::note);
            } catch (AgentUpgrader.UpgradeException e) {
                upgrader.discard(release);
                throw e;
            }
        } catch (AgentUpgrader.UpgradeException e) {
            fail(e.getMessage());
            return;
        }
        end(LifecycleEvent.INSTALL, "release " + release.getFileName() + " holds agent " + version);

        begin(LifecycleEvent.APPLICATION_START);
        Instant waitUntil = parts.clock().instant().plus(OTHERS_WAIT);
        if (othersRunning.getAsBoolean()) {
            note("waiting for the other commands running on this host to end before restarting the agent");
        }
        while (othersRunning.getAsBoolean()) {
            if (parts.clock().instant().isAfter(waitUntil)) {
                fail("other commands still ran on this host after " + OTHERS_WAIT.toMinutes() + " minutes; upgrade "
                        + "again once they have ended");
                return;
            }
            Thread.sleep(500); // a poll of the running commands, bounded by waitUntil above
        }
        try {
            String previous = layout.currentRelease().getFileName().toString();
            new UpgradeMarker(command.commandId(), command.deploymentId(), version, previous, 0).write(self.stateDir());
            upgrader.switchTo(release);
        } catch (IOException e) {
            try {
                UpgradeMarker.clear(self.stateDir());
            } catch (IOException ignored) {
                // the next start finds the marker and, running the old version, reports the upgrade failed
            }
            fail("cannot switch " + layout.current() + " to " + release + ": " + e.getMessage());
            return;
        }
        note("switched " + layout.current() + " to " + release.getFileName() + "; restarting as agent " + version);
        logs.flush();
        LOG.info("Agent upgrade {}: {} now points at {}; stopping for the supervisor to start agent {}",
                command.commandId(), layout.current(), release, version);
        self.restart().run();
    }

    /** Stops the download; once the distribution is fetched, the upgrade runs to its end (a few seconds). */
    @Override
    public void cancel(boolean allowRunningHooksToFinish) {
        cancellation.cancel("the controller cancelled the agent upgrade");
    }

    @Override
    public void stopNow(String why) {
        cancellation.cancel(why);
    }

    private void begin(LifecycleEvent event) {
        current = event;
        startedAt = parts.clock().instant();
        if (command.events().contains(event.wireName())) {
            send(event, EventStatus.IN_PROGRESS, null, "", null);
        }
    }

    private void end(LifecycleEvent event, String message) {
        logs.flush();
        if (command.events().contains(event.wireName())) {
            send(event, EventStatus.SUCCEEDED, null, message, parts.clock().instant());
        }
    }

    /** The running step failed: it is reported so, the steps after it Skipped, and the command's result. */
    private void fail(String message) {
        note(message);
        logs.flush();
        boolean after = false;
        for (String name : command.events()) {
            LifecycleEvent event = LifecycleEvent.fromWireName(name).orElseThrow();
            if (event == current) {
                send(event, EventStatus.FAILED, FailureClass.AGENT_UPGRADE_FAILED, message, parts.clock().instant());
                after = true;
            } else if (after) {
                parts.outbox().send(new EventProgress(command.commandId(), command.deploymentId(), name,
                        EventStatus.SKIPPED, null, "skipped: an earlier step of the upgrade failed", null, null, null));
            }
        }
        finish("FAILED", FailureClass.AGENT_UPGRADE_FAILED.name(), message);
    }

    private void finish(String status, String failure, String message) {
        CommandRecord finished = record.finished(status, failure, message, parts.ledger().now());
        try {
            parts.ledger().save(finished);
        } catch (IOException e) {
            LOG.error("Cannot record the result of agent upgrade {}: {}", command.commandId(), e.toString());
        }
        LOG.info("Agent upgrade {} finished: {}{}", command.commandId(), status, failure == null ? "" : " (" + message
                + ")");
        parts.outbox().send(Reports.result(finished));
    }

    private void note(String text) {
        logs.add(current.wireName(), new OutputLine(parts.clock().instant(), OutputLine.Stream.AGENT, "", text));
    }

    private void send(LifecycleEvent event, EventStatus status, FailureClass failure, String message, Instant ended) {
        parts.outbox().send(new EventProgress(command.commandId(), command.deploymentId(), event.wireName(), status,
                failure, message, null, startedAt, ended));
    }
}
