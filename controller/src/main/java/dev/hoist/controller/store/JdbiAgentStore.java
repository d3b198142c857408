package dev.hoist.controller.store;

import dev.hoist.controller.core.Agent;
import dev.hoist.controller.core.AgentQuery;
import dev.hoist.controller.core.AgentState;
import dev.hoist.controller.core.AgentStore;
import dev.hoist.controller.core.HostFacts;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jdbi.v3.core.statement.Query;

/** The agent registry in SQL: {@code agents}, {@code agent_tags} and {@code revocations}. */
public final class JdbiAgentStore implements AgentStore {
    private static final String COLUMNS =
            "a.id, a.hostname, a.agent_version, a.os, a.first_seen, a.last_seen, a.state, a.state_since, a.facts";

    private final Jdbi jdbi;
    private final JsonColumns json = new JsonColumns();

    public JdbiAgentStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public void insert(Agent agent) {
        jdbi.useTransaction(handle -> {
            handle.createUpdate("INSERT INTO agents (id, hostname, agent_version, os, first_seen, last_seen, "
                            + "state, state_since, facts) VALUES (:id, :hostname, :version, :os, :firstSeen, "
                            + ":lastSeen, :state, :stateSince, :facts)")
                    .bind("id", agent.id())
                    .bind("hostname", agent.hostname())
                    .bind("version", agent.agentVersion())
                    .bind("os", agent.os())
                    .bind("firstSeen", agent.firstSeen().toEpochMilli())
                    .bind("lastSeen", agent.lastSeen().toEpochMilli())
                    .bind("state", agent.state().name())
                    .bind("stateSince", agent.stateSince().toEpochMilli())
                    .bind("facts", json.facts(agent.facts()))
                    .execute();
            insertTags(handle, agent.id(), agent.tags());
        });
    }

    @Override
    public Optional<Agent> find(String id) {
        return jdbi.withHandle(handle -> {
            List<Agent> found = load(handle, handle.createQuery("SELECT " + COLUMNS + " FROM agents a WHERE a.id = :id")
                    .bind("id", id));
            return found.stream().findFirst();
        });
    }

    @Override
    public List<Agent> findAll(Collection<String> ids) {
        List<String> all = List.copyOf(ids);
        return jdbi.withHandle(handle -> {
            List<Agent> found = new ArrayList<>(all.size());
            for (int from = 0; from < all.size(); from += 500) {
                found.addAll(load(handle, handle.createQuery("SELECT " + COLUMNS + " FROM agents a WHERE a.id IN (<ids>)")
                        .bindList("ids", all.subList(from, Math.min(all.size(), from + 500)))));
            }
            return found;
        });
    }

    @Override
    public List<Agent> list(AgentQuery query) {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM agents a WHERE 1 = 1");
        Map<String, Object> binds = new LinkedHashMap<>();
        int n = 0;
        for (String filter : query.tagFilters()) {
            int eq = filter.indexOf('=');
            String key = eq < 0 ? filter : filter.substring(0, eq);
            sql.append(" AND EXISTS (SELECT 1 FROM agent_tags t WHERE t.agent_id = a.id AND t.tag_key = :k").append(n);
            binds.put("k" + n, key);
            if (eq >= 0) {
                sql.append(" AND t.tag_value = :v").append(n);
                binds.put("v" + n, filter.substring(eq + 1));
            }
            sql.append(')');
            n++;
        }
        if (query.state() != null) {
            sql.append(" AND a.state = :state");
            binds.put("state", query.state().name());
        }
        sql.append(" ORDER BY a.hostname, a.id");
        return jdbi.withHandle(handle -> {
            Query q = handle.createQuery(sql.toString());
            binds.forEach(q::bind);
            return load(handle, q);
        });
    }

    @Override
    public void recordConnected(String id, String agentVersion, HostFacts facts, Instant at) {
        recordPresence(List.of(new PresenceChange(id, true, agentVersion, facts, at)));
    }

    @Override
    public void recordDisconnected(String id, Instant at) {
        recordPresence(List.of(new PresenceChange(id, false, null, null, at)));
    }

    @Override
    public void recordPresence(List<PresenceChange> changes) {
        if (changes.isEmpty()) {
            return;
        }
        jdbi.useTransaction(handle -> {
            PreparedBatch connected = handle.prepareBatch("UPDATE agents SET state = 'CONNECTED', state_since = :at, "
                    + "last_seen = :at, agent_version = :version, facts = :facts, "
                    + "hostname = COALESCE(:hostname, hostname), os = COALESCE(:os, os) "
                    + "WHERE id = :id AND state <> 'REVOKED'");
            PreparedBatch disconnected = handle.prepareBatch("UPDATE agents SET state = 'DISCONNECTED', "
                    + "state_since = :at, last_seen = :at WHERE id = :id AND state = 'CONNECTED'");
            // Runs of one kind go as one batch; the order between kinds is kept.
            boolean inConnected = changes.get(0).connected();
            for (PresenceChange change : changes) {
                if (change.connected() != inConnected) {
                    (inConnected ? connected : disconnected).execute();
                    inConnected = change.connected();
                }
                if (change.connected()) {
                    HostFacts facts = change.facts();
                    connected.bind("id", change.agentId())
                            .bind("at", change.at().toEpochMilli())
                            .bind("version", change.agentVersion())
                            .bind("facts", json.facts(facts))
                            .bind("hostname", facts == null ? null : facts.hostname())
                            .bind("os", facts == null ? null : osOf(facts))
                            .add();
                } else {
                    disconnected.bind("id", change.agentId()).bind("at", change.at().toEpochMilli()).add();
                }
            }
            (inConnected ? connected : disconnected).execute();
        });
    }

    @Override
    public int recordAllDisconnected(Instant at) {
        return jdbi.withHandle(handle -> handle.createUpdate("UPDATE agents SET state = 'DISCONNECTED', "
                        + "state_since = :at WHERE state = 'CONNECTED'")
                .bind("at", at.toEpochMilli())
                .execute());
    }

    @Override
    public void recordFacts(String id, HostFacts facts, Instant at) {
        jdbi.useHandle(handle -> handle.createUpdate(
                        "UPDATE agents SET facts = :facts, last_seen = :at WHERE id = :id")
                .bind("id", id)
                .bind("at", at.toEpochMilli())
                .bind("facts", json.facts(facts))
                .execute());
    }

    @Override
    public void recordFacts(Map<String, FactsReport> latest) {
        if (latest.isEmpty()) {
            return;
        }
        jdbi.useTransaction(handle -> {
            PreparedBatch batch = handle.prepareBatch("UPDATE agents SET facts = :facts, last_seen = :at WHERE id = :id");
            latest.forEach((id, report) -> batch
                    .bind("id", id)
                    .bind("at", report.at().toEpochMilli())
                    .bind("facts", json.facts(report.facts()))
                    .add());
            batch.execute();
        });
    }

    @Override
    public boolean setTags(String id, Map<String, String> tags) {
        return jdbi.inTransaction(handle -> {
            if (!exists(handle, id)) {
                return false;
            }
            handle.createUpdate("DELETE FROM agent_tags WHERE agent_id = :id").bind("id", id).execute();
            insertTags(handle, id, tags);
            return true;
        });
    }

    @Override
    public boolean revoke(String id, Instant at) {
        return jdbi.inTransaction(handle -> {
            if (!exists(handle, id)) {
                return false;
            }
            int changed = handle.createUpdate("UPDATE agents SET state = 'REVOKED', state_since = :at "
                            + "WHERE id = :id AND state <> 'REVOKED'")
                    .bind("id", id)
                    .bind("at", at.toEpochMilli())
                    .execute();
            if (changed > 0) {
                handle.createUpdate("INSERT INTO revocations (agent_id, revoked_at) VALUES (:id, :at)")
                        .bind("id", id)
                        .bind("at", at.toEpochMilli())
                        .execute();
            }
            return true;
        });
    }

    @Override
    public Set<String> revokedIds() {
        return jdbi.withHandle(handle -> new HashSet<>(
                handle.createQuery("SELECT agent_id FROM revocations").mapTo(String.class).list()));
    }

    private static boolean exists(Handle handle, String id) {
        return handle.createQuery("SELECT COUNT(*) FROM agents WHERE id = :id")
                .bind("id", id).mapTo(Integer.class).one() > 0;
    }

    private static void insertTags(Handle handle, String id, Map<String, String> tags) {
        if (tags.isEmpty()) {
            return;
        }
        var batch = handle.prepareBatch("INSERT INTO agent_tags (agent_id, tag_key, tag_value) VALUES (:id, :k, :v)");
        tags.forEach((key, value) -> batch.bind("id", id).bind("k", key).bind("v", value).add());
        batch.execute();
    }

    /** Maps the rows, then fetches their tags in one more query rather than one per agent. */
    @Override
    public List<Target> targets() {
        return jdbi.withHandle(handle -> {
            Map<String, Target> targets = new LinkedHashMap<>();
            handle.createQuery("SELECT a.id, a.hostname, t.tag_key, t.tag_value FROM agents a "
                            + "LEFT JOIN agent_tags t ON t.agent_id = a.id WHERE a.state <> 'REVOKED' ORDER BY a.id")
                    .map((rs, ctx) -> new String[] {rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)})
                    .forEach(row -> {
                        Target target = targets.computeIfAbsent(row[0], id -> new Target(id, row[1], new TreeMap<>()));
                        if (row[2] != null) {
                            target.tags().put(row[2], row[3]);
                        }
                    });
            List<Target> list = new ArrayList<>(targets.size());
            targets.values().forEach(t -> list.add(new Target(t.id(), t.hostname(), Map.copyOf(t.tags()))));
            return list;
        });
    }

    private List<Agent> load(Handle handle, Query query) {
        List<Row> rows = query.map((rs, ctx) -> Row.of(rs)).list();
        if (rows.isEmpty()) {
            return List.of();
        }
        Map<String, Map<String, String>> tags = new LinkedHashMap<>();
        List<String> ids = new ArrayList<>();
        for (Row row : rows) {
            tags.put(row.id, new TreeMap<>());
            ids.add(row.id);
        }
        for (int from = 0; from < ids.size(); from += 500) {
            List<String> chunk = ids.subList(from, Math.min(ids.size(), from + 500));
            handle.createQuery("SELECT agent_id, tag_key, tag_value FROM agent_tags WHERE agent_id IN (<ids>)")
                    .bindList("ids", chunk)
                    .map((rs, ctx) -> new TagRow(rs.getString(1), rs.getString(2), rs.getString(3)))
                    .forEach(tag -> tags.get(tag.agentId()).put(tag.key(), tag.value()));
        }
        List<Agent> agents = new ArrayList<>(rows.size());
        for (Row row : rows) {
            agents.add(new Agent(row.id, row.hostname, tags.get(row.id), row.agentVersion, row.os,
                    Instant.ofEpochMilli(row.firstSeen), Instant.ofEpochMilli(row.lastSeen),
                    AgentState.valueOf(row.state), Instant.ofEpochMilli(row.stateSince), json.facts(row.facts)));
        }
        return agents;
    }

    private static String osOf(HostFacts facts) {
        if (facts.osName() == null) {
            return null;
        }
        return facts.osVersion() == null ? facts.osName() : facts.osName() + " " + facts.osVersion();
    }

    private record TagRow(String agentId, String key, String value) {
    }

    private record Row(String id, String hostname, String agentVersion, String os, long firstSeen,
            long lastSeen, String state, long stateSince, String facts) {
        static Row of(ResultSet rs) throws SQLException {
            return new Row(rs.getString("id"), rs.getString("hostname"), rs.getString("agent_version"),
                    rs.getString("os"), rs.getLong("first_seen"), rs.getLong("last_seen"), rs.getString("state"),
                    rs.getLong("state_since"), rs.getString("facts"));
        }
    }
}
