package dev.hoist.agent.deploy;

import dev.hoist.agent.exchange.EventProgress;
import dev.hoist.agent.lifecycle.EventStatus;
import dev.hoist.agent.upgrade.AgentUpgrader;
import dev.hoist.agent.upgrade.InstallLayout;
import dev.hoist.agent.upgrade.UpgradeMarker;
import dev.hoist.protocol.appspec.LifecycleEvent;
import dev.hoist.protocol.deploy.FailureClass;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The second half of an agent upgrade ({@link UpgradeRun}), done by the agents that start after it, from the
 * note the upgrading agent left ({@link UpgradeMarker}):
 * <ul>
 *   <li>at start ({@link #atStart}): an agent of another version than the note's fails the upgrade (its
 *       supervisor started another release). An agent of the note's version counts its start; one that has
 *       started {@value #MAX_STARTS} times without reaching the controller (a build that crashes after its
 *       check) switches {@code current} back to the release it replaced, fails the upgrade and asks to be
 *       restarted, so that the previous agent comes back by itself;</li>
 *   <li>once the controller accepted its hello ({@link #atConnected}), which carried its version: the upgrade
 *       succeeds, and the note is removed.</li>
 * </ul>
 */
final class UpgradeCompletion {
    private static final Logger LOG = LoggerFactory.getLogger(UpgradeCompletion.class);
    static final int MAX_STARTS = 3;

    private UpgradeCompletion() {
    }

    /** What the start found: the upgrade command still in flight, and whether the agent must restart. */
    record AtStart(Optional<String> commandId, boolean restart) {
        static final AtStart NONE = new AtStart(Optional.empty(), false);
    }

    static AtStart atStart(SelfUpgrades self, CommandLedger ledger, ReportOutbox outbox) throws IOException {
        Optional<UpgradeMarker> found = UpgradeMarker.read(self.stateDir());
        if (found.isEmpty()) {
            return AtStart.NONE;
        }
        UpgradeMarker marker = found.get();
        Optional<CommandRecord> record = ledger.find(marker.commandId());
        if (record.isEmpty() || !record.get().running()) {
            UpgradeMarker.clear(self.stateDir());
            return AtStart.NONE;
        }
        if (!self.runningVersion().equals(marker.version())) {
            String message = "the agent started again as version " + self.runningVersion() + ", not "
                    + marker.version() + ": its supervisor did not start the release the upgrade switched to";
            fail(self, ledger, outbox, marker, record.get(), message);
            return new AtStart(Optional.of(marker.commandId()), false);
        }
        UpgradeMarker started = marker.started();
        if (started.starts() > MAX_STARTS) {
            String back = revert(self, marker);
            fail(self, ledger, outbox, marker, record.get(), "agent " + marker.version() + " started " + MAX_STARTS
                    + " times without reaching the controller; " + back);
            return new AtStart(Optional.of(marker.commandId()), back.startsWith("switched"));
        }
        started.write(self.stateDir());
        LOG.info("Agent upgrade {}: agent {} started (start {} of at most {} before going back to release {})",
                marker.commandId(), marker.version(), started.starts(), MAX_STARTS, marker.previousRelease());
        return new AtStart(Optional.of(marker.commandId()), false);
    }

    /** The controller accepted this agent's hello: an upgrade to this version is done. */
    static void atConnected(SelfUpgrades self, CommandLedger ledger, ReportOutbox outbox) throws IOException {
        Optional<UpgradeMarker> found = UpgradeMarker.read(self.stateDir());
        if (found.isEmpty() || !self.runningVersion().equals(found.get().version())) {
            return;
        }
        UpgradeMarker marker = found.get();
        Optional<CommandRecord> record = ledger.find(marker.commandId());
        if (record.isPresent() && record.get().running()) {
            LOG.info("Agent upgrade {} done: this agent runs {} and reached the controller", marker.commandId(),
                    marker.version());
            Instant now = Instant.ofEpochMilli(ledger.now());
            send(outbox, marker, LifecycleEvent.APPLICATION_START, EventStatus.SUCCEEDED, null,
                    "agent " + marker.version() + " started", now);
            send(outbox, marker, LifecycleEvent.VALIDATE_SERVICE, EventStatus.SUCCEEDED, null,
                    "the agent runs " + marker.version() + " and reached the controller", now);
            CommandRecord finished = record.get().finished("SUCCEEDED", null, "the agent runs " + marker.version()
                    + " (it ran release " + marker.previousRelease() + " before)", ledger.now());
            ledger.save(finished);
            outbox.send(Reports.result(finished));
        }
        UpgradeMarker.clear(self.stateDir());
    }

    /** Points {@code current} back at the release the upgrade replaced; says what it did. */
    private static String revert(SelfUpgrades self, UpgradeMarker marker) {
        InstallLayout layout = self.layout().layout();
        if (layout == null) {
            return "cannot go back by itself (" + self.layout().problem() + ")";
        }
        Path previous = layout.releases().resolve(marker.previousRelease());
        try {
            new AgentUpgrader(layout, Duration.ZERO).switchTo(previous);
            LOG.warn("Agent upgrade {}: agent {} never reached the controller; {} points at {} again", marker.commandId(),
                    marker.version(), layout.current(), previous);
            return "switched " + layout.current() + " back to release " + marker.previousRelease();
        } catch (IOException e) {
            return "cannot switch " + layout.current() + " back to " + previous + ": " + e.getMessage();
        }
    }

    private static void fail(SelfUpgrades self, CommandLedger ledger, ReportOutbox outbox, UpgradeMarker marker,
            CommandRecord record, String message) throws IOException {
        LOG.warn("Agent upgrade {} failed: {}", marker.commandId(), message);
        send(outbox, marker, LifecycleEvent.APPLICATION_START, EventStatus.FAILED, FailureClass.AGENT_UPGRADE_FAILED,
                message, Instant.ofEpochMilli(ledger.now()));
        send(outbox, marker, LifecycleEvent.VALIDATE_SERVICE, EventStatus.SKIPPED, null,
                "skipped: an earlier step of the upgrade failed", null);
        CommandRecord finished = record.finished("FAILED", FailureClass.AGENT_UPGRADE_FAILED.name(), message,
                ledger.now());
        ledger.save(finished);
        outbox.send(Reports.result(finished));
        UpgradeMarker.clear(self.stateDir());
    }

    private static void send(ReportOutbox outbox, UpgradeMarker marker, LifecycleEvent event, EventStatus status,
            FailureClass failure, String message, Instant ended) {
        outbox.send(new EventProgress(marker.commandId(), marker.deploymentId(), event.wireName(), status, failure,
                message, null, null, ended));
    }
}
