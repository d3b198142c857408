package dev.hoist.agent.deploy;

import dev.hoist.agent.exchange.EventProgress;
import dev.hoist.agent.lifecycle.EventStatus;
import dev.hoist.agent.upgrade.UpgradeMarker;
import dev.hoist.protocol.appspec.LifecycleEvent;
import dev.hoist.protocol.deploy.FailureClass;
import java.io.IOException;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The second half of an agent upgrade ({@link UpgradeRun}), done by the agent that starts after it: the
 * upgrade command succeeds when this agent runs the version the command asked for, and fails otherwise (the
 * supervisor started another release). Its result, like every result, waits in the outbox until the
 * connection is up, so the controller hears it after this agent's hello, which carries its version.
 */
final class UpgradeCompletion {
    private static final Logger LOG = LoggerFactory.getLogger(UpgradeCompletion.class);

    private UpgradeCompletion() {
    }

    /** The command finished here, if an upgrade was under way when the previous agent stopped. */
    static Optional<String> finish(SelfUpgrades self, CommandLedger ledger, ReportOutbox outbox) throws IOException {
        Optional<UpgradeMarker> found = UpgradeMarker.read(self.stateDir());
        if (found.isEmpty()) {
            return Optional.empty();
        }
        UpgradeMarker marker = found.get();
        UpgradeMarker.clear(self.stateDir());
        Optional<CommandRecord> record = ledger.find(marker.commandId());
        if (record.isEmpty() || !record.get().running()) {
            return Optional.empty();
        }
        Instant now = Instant.ofEpochMilli(ledger.now());
        String commandId = marker.commandId();
        String deploymentId = marker.deploymentId();
        CommandRecord finished;
        if (self.runningVersion().equals(marker.version())) {
            LOG.info("Agent upgrade {} done: this agent runs {}", commandId, marker.version());
            send(outbox, commandId, deploymentId, LifecycleEvent.APPLICATION_START, EventStatus.SUCCEEDED, null,
                    "agent " + marker.version() + " started", now);
            send(outbox, commandId, deploymentId, LifecycleEvent.VALIDATE_SERVICE, EventStatus.SUCCEEDED, null,
                    "the agent runs " + marker.version(), now);
            finished = record.get().finished("SUCCEEDED", null, "the agent runs " + marker.version()
                    + " (it ran release " + marker.previousRelease() + " before)", ledger.now());
        } else {
            String message = "the agent started again as version " + self.runningVersion() + ", not "
                    + marker.version() + ": its supervisor did not start the release the upgrade switched to";
            LOG.warn("Agent upgrade {} failed: {}", commandId, message);
            send(outbox, commandId, deploymentId, LifecycleEvent.APPLICATION_START, EventStatus.FAILED,
                    FailureClass.AGENT_UPGRADE_FAILED, message, now);
            send(outbox, commandId, deploymentId, LifecycleEvent.VALIDATE_SERVICE, EventStatus.SKIPPED, null,
                    "skipped: an earlier step of the upgrade failed", null);
            finished = record.get().finished("FAILED", FailureClass.AGENT_UPGRADE_FAILED.name(), message, ledger.now());
        }
        ledger.save(finished);
        outbox.send(Reports.result(finished));
        return Optional.of(commandId);
    }

    private static void send(ReportOutbox outbox, String commandId, String deploymentId, LifecycleEvent event,
            EventStatus status, FailureClass failure, String message, Instant ended) {
        outbox.send(new EventProgress(commandId, deploymentId, event.wireName(), status, failure, message, null,
                null, ended));
    }
}
