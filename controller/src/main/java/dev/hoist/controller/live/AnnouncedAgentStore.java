package dev.hoist.controller.live;

import dev.hoist.controller.core.Agent;
import dev.hoist.controller.core.AgentListener;
import dev.hoist.controller.core.AgentQuery;
import dev.hoist.controller.core.AgentStore;
import dev.hoist.controller.core.HostFacts;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent registry, announcing each committed change of a record to an {@link AgentListener}: an
 * enrollment, a connection, a disconnection, new tags, a revocation. Once a write has returned (it is
 * committed), the record is read again and announced. The read and the announcement of one agent are
 * serialised (the gateway writes an agent's connection and disconnection in order already, but the API
 * can tag or revoke it meanwhile), so the last announcement of an agent always shows its newest record.
 * Heartbeats' facts are not announced, and neither are the bulk disconnections at a controller's start
 * and stop (its stream clients reconnect to a new run and read everything again).
 */
public final class AnnouncedAgentStore implements AgentStore {
    private static final Logger LOG = LoggerFactory.getLogger(AnnouncedAgentStore.class);

    private final AgentStore store;
    private final AgentListener listener;
    /** Serialise the read and announcement of one agent; several are always taken in index order. */
    private final ReentrantLock[] stripes = new ReentrantLock[64];

    public AnnouncedAgentStore(AgentStore store, AgentListener listener) {
        this.store = store;
        this.listener = listener;
        for (int i = 0; i < stripes.length; i++) {
            stripes[i] = new ReentrantLock();
        }
    }

    private int stripe(String id) {
        return Math.floorMod(id.hashCode(), stripes.length);
    }

    private void announce(String id) {
        ReentrantLock lock = stripes[stripe(id)];
        lock.lock();
        try {
            store.find(id).ifPresent(listener::agentChanged);
        } catch (RuntimeException e) {
            // The change is committed; only its notice is lost (a reader of the registry still sees it).
            LOG.warn("Could not announce the change of agent {} to live-stream clients: {}", id, e.toString());
        } finally {
            lock.unlock();
        }
    }

    /**
     * Announces many agents with one read of the registry rather than one each (a reconnect storm's batch
     * holds thousands), holding their stripes, taken in ascending order so that two callers cannot deadlock.
     */
    private void announce(Set<String> ids) {
        if (ids.size() == 1) {
            announce(ids.iterator().next());
            return;
        }
        SortedSet<Integer> held = new TreeSet<>();
        ids.forEach(id -> held.add(stripe(id)));
        held.forEach(i -> stripes[i].lock());
        try {
            Map<String, Agent> found = new HashMap<>();
            store.findAll(ids).forEach(agent -> found.put(agent.id(), agent));
            for (String id : ids) {
                Agent agent = found.get(id);
                if (agent != null) {
                    listener.agentChanged(agent);
                }
            }
        } catch (RuntimeException e) {
            // The changes are committed; only their notices are lost (a reader of the registry still sees them).
            LOG.warn("Could not announce the changes of {} agents to live-stream clients: {}", ids.size(), e.toString());
        } finally {
            held.forEach(i -> stripes[i].unlock());
        }
    }

    @Override
    public void insert(Agent agent) {
        store.insert(agent);
        announce(agent.id());
    }

    @Override
    public Optional<Agent> find(String id) {
        return store.find(id);
    }

    @Override
    public List<Agent> findAll(Collection<String> ids) {
        return store.findAll(ids);
    }

    @Override
    public List<Agent> list(AgentQuery query) {
        return store.list(query);
    }

    @Override
    public void recordConnected(String id, String agentVersion, HostFacts facts, Instant at) {
        store.recordConnected(id, agentVersion, facts, at);
        announce(id);
    }

    @Override
    public void recordDisconnected(String id, Instant at) {
        store.recordDisconnected(id, at);
        announce(id);
    }

    @Override
    public void recordPresence(List<PresenceChange> changes) {
        store.recordPresence(changes);
        Set<String> changed = new LinkedHashSet<>();
        changes.forEach(change -> changed.add(change.agentId()));
        if (!changed.isEmpty()) {
            announce(changed);
        }
    }

    @Override
    public int recordAllDisconnected(Instant at) {
        return store.recordAllDisconnected(at);
    }

    @Override
    public void recordFacts(String id, HostFacts facts, Instant at) {
        store.recordFacts(id, facts, at);
    }

    @Override
    public void recordFacts(Map<String, FactsReport> latest) {
        store.recordFacts(latest);
    }

    @Override
    public boolean setTags(String id, Map<String, String> tags) {
        boolean found = store.setTags(id, tags);
        if (found) {
            announce(id);
        }
        return found;
    }

    @Override
    public boolean revoke(String id, Instant at) {
        boolean found = store.revoke(id, at);
        if (found) {
            announce(id);
        }
        return found;
    }

    @Override
    public List<Target> targets() {
        return store.targets();
    }

    @Override
    public Set<String> revokedIds() {
        return store.revokedIds();
    }
}
