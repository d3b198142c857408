package dev.hoist.controller.cluster;

import dev.hoist.controller.core.AgentConnections;
import dev.hoist.controller.core.AgentStore;
import dev.hoist.controller.core.RevocationList;
import io.dropwizard.lifecycle.Managed;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings revocations made on other controllers to this one: every {@code interval} it reads the revoked
 * ids from the store, adds the new ones to the in-memory list that every handshake consults, and closes
 * their connections here, as {@link dev.hoist.controller.core.AgentRevoker} does on the controller that
 * took the request. Join tokens need nothing of the kind: enrollment redeems them in the store.
 */
public final class RevocationFollower implements Managed {
    private static final Logger LOG = LoggerFactory.getLogger(RevocationFollower.class);

    private final AgentStore store;
    private final RevocationList revocations;
    private final AgentConnections connections;
    private final Duration interval;
    private ScheduledExecutorService poller;

    public RevocationFollower(AgentStore store, RevocationList revocations, AgentConnections connections,
            Duration interval) {
        this.store = store;
        this.revocations = revocations;
        this.connections = connections;
        this.interval = interval;
    }

    /** Applies the revocations this controller has not seen yet; returns how many. */
    int catchUp() {
        Set<String> revoked = store.revokedIds();
        int applied = 0;
        for (String agentId : revoked) {
            if (!revocations.isRevoked(agentId)) {
                revocations.revoke(agentId);
                connections.revoked(agentId, "agent " + agentId + " was revoked on another controller; enroll it "
                        + "again with a new join token to bring it back");
                applied++;
            }
        }
        return applied;
    }

    @Override
    public void start() {
        poller = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "hoist-revocation-follower");
            thread.setDaemon(true);
            return thread;
        });
        poller.scheduleWithFixedDelay(() -> {
            try {
                int applied = catchUp();
                if (applied > 0) {
                    LOG.info("Applied {} revocations made on other controllers", applied);
                }
            } catch (RuntimeException e) {
                LOG.warn("Reading revocations failed; trying again in {}: {}", interval, e.toString());
            }
        }, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() {
        if (poller != null) {
            poller.shutdownNow();
        }
    }
}
