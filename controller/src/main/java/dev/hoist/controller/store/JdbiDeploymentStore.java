package dev.hoist.controller.store;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.hoist.controller.core.deploy.AutoRollback;
import dev.hoist.controller.core.deploy.Deployment;
import dev.hoist.controller.core.deploy.CreateRequestKey;
import dev.hoist.controller.core.deploy.DeploymentChanges;
import dev.hoist.controller.core.deploy.DeploymentQuery;
import dev.hoist.controller.core.deploy.DeploymentStatus;
import dev.hoist.controller.core.deploy.DeploymentStore;
import dev.hoist.controller.core.deploy.GroupHostRecord;
import dev.hoist.controller.core.deploy.HostEvent;
import dev.hoist.controller.core.deploy.HostRun;
import dev.hoist.controller.core.deploy.HostStanding;
import dev.hoist.controller.core.deploy.HostStatus;
import dev.hoist.controller.core.deploy.LogLine;
import dev.hoist.controller.core.deploy.LogPage;
import dev.hoist.controller.core.deploy.MinimumHealthyHosts;
import dev.hoist.protocol.appspec.FileExistsBehavior;
import dev.hoist.protocol.appspec.LifecycleEvent;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jdbi.v3.core.statement.Query;

/**
 * Deployments in SQL ({@code deployments}, {@code deployment_hosts}, {@code deployment_events},
 * {@code deployment_logs}, {@code group_hosts}). Rows are replaced by key with a batched UPDATE followed
 * by a batched INSERT of the rows it did not find, which SQLite and PostgreSQL both run the same way.
 */
public final class JdbiDeploymentStore implements DeploymentStore {
    /** Longer lines are cut here (with a marker); one runaway line must not bloat the store. */
    static final int MAX_LINE_CHARS = 8000;
    private static final String TRUNCATED = " [line truncated]";
    private static final String DEPLOYMENT_COLUMNS = "id, application, group_name, group_id, revision_id, "
            + "config_name, minimum_type, minimum_value, status, creator, description, rollback_deployment_id, "
            + "rollback_of, error, ignore_stop_failures, file_exists_behavior, auto_rollback, ending_status, "
            + "ending_trigger, created_at, started_at, ended_at, continue_by, continued_at, target_agent_ids";
    private static final String HOST_COLUMNS = "deployment_id, agent_id, hostname, standing, status, failure, "
            + "message, command_id, acknowledged, current_event, started_at, ended_at, deadline";
    private static final String EVENT_COLUMNS = "deployment_id, agent_id, event, status, failure, exit_code, "
            + "message, started_at, ended_at";
    private static final String LOG_COLUMNS = "deployment_id, agent_id, line_number, seq_no, at, event, stream, "
            + "script, line_text";
    private static final List<String> FINAL = List.of(DeploymentStatus.SUCCEEDED.name(),
            DeploymentStatus.FAILED.name(), DeploymentStatus.STOPPED.name());

    private final Jdbi jdbi;
    private static final JsonColumns JSON = new JsonColumns();
    private static final TypeReference<List<String>> AGENT_IDS = new TypeReference<>() {
    };
    private final int maxLogLinesPerHost;

    /** @param maxLogLinesPerHost lines kept per host of a deployment; older ones are dropped */
    public JdbiDeploymentStore(Jdbi jdbi, int maxLogLinesPerHost) {
        if (maxLogLinesPerHost < 1) {
            throw new IllegalArgumentException("maxLogLinesPerHost must be at least 1, not " + maxLogLinesPerHost);
        }
        this.jdbi = jdbi;
        this.maxLogLinesPerHost = maxLogLinesPerHost;
    }

    @Override
    public void write(DeploymentChanges changes) {
        if (changes.isEmpty()) {
            return;
        }
        jdbi.useTransaction(handle -> {
            upsert(handle, changes.deployments(),
                    "UPDATE deployments SET status = :status, rollback_deployment_id = :rollbackDeploymentId, "
                            + "error = :error, ending_status = :endingStatus, ending_trigger = :endingTrigger, "
                            + "started_at = :startedAt, ended_at = :endedAt, continue_by = :continueBy, "
                            + "continued_at = :continuedAt, revision_id = :revisionId, description = :description, "
                            + "target_agent_ids = :targetAgentIds WHERE id = :id",
                    "INSERT INTO deployments (" + DEPLOYMENT_COLUMNS + ") VALUES (:id, :application, :groupName, "
                            + ":groupId, :revisionId, :configName, :minimumType, :minimumValue, :status, :creator, "
                            + ":description, :rollbackDeploymentId, :rollbackOf, :error, :ignoreStopFailures, "
                            + ":fileExistsBehavior, :autoRollback, :endingStatus, :endingTrigger, :createdAt, "
                            + ":startedAt, :endedAt, :continueBy, :continuedAt, :targetAgentIds)",
                    JdbiDeploymentStore::bindDeployment);
            insert(handle, changes.hosts().stream().filter(changes::isNew).toList(), "INSERT INTO deployment_hosts ("
                    + HOST_COLUMNS + ") VALUES (:deploymentId, :agentId, :hostname, :standing, :status, :failure, "
                    + ":message, :commandId, :acknowledged, :currentEvent, :startedAt, :endedAt, :deadline)",
                    JdbiDeploymentStore::bindHost);
            insert(handle, changes.events().stream().filter(changes::isNew).toList(), "INSERT INTO deployment_events ("
                    + EVENT_COLUMNS + ") VALUES (:deploymentId, :agentId, :event, :status, :failure, :exitCode, "
                    + ":message, :startedAt, :endedAt)", JdbiDeploymentStore::bindEvent);
            upsert(handle, changes.hosts().stream().filter(host -> !changes.isNew(host)).toList(),
                    "UPDATE deployment_hosts SET standing = :standing, status = :status, failure = :failure, "
                            + "message = :message, "
                            + "command_id = :commandId, acknowledged = :acknowledged, current_event = :currentEvent, "
                            + "started_at = :startedAt, ended_at = :endedAt, deadline = :deadline "
                            + "WHERE deployment_id = :deploymentId AND agent_id = :agentId",
                    "INSERT INTO deployment_hosts (" + HOST_COLUMNS + ") VALUES (:deploymentId, :agentId, "
                            + ":hostname, :standing, :status, :failure, :message, :commandId, :acknowledged, "
                            + ":currentEvent, :startedAt, :endedAt, :deadline)",
                    JdbiDeploymentStore::bindHost);
            upsert(handle, changes.events().stream().filter(event -> !changes.isNew(event)).toList(),
                    "UPDATE deployment_events SET status = :status, failure = :failure, exit_code = :exitCode, "
                            + "message = :message, started_at = :startedAt, ended_at = :endedAt "
                            + "WHERE deployment_id = :deploymentId AND agent_id = :agentId AND event = :event",
                    "INSERT INTO deployment_events (" + EVENT_COLUMNS + ") VALUES (:deploymentId, :agentId, :event, "
                            + ":status, :failure, :exitCode, :message, :startedAt, :endedAt)",
                    JdbiDeploymentStore::bindEvent);
            appendLogs(handle, changes.logLines());
            upsert(handle, changes.groupHosts(),
                    "UPDATE group_hosts SET revision_id = :revisionId, last_status = :lastStatus, "
                            + "updated_at = :updatedAt, last_deployment_id = :lastDeploymentId, failure = :failure, "
                            + "message = :message WHERE group_id = :groupId AND agent_id = :agentId",
                    "INSERT INTO group_hosts (group_id, agent_id, revision_id, last_status, updated_at, "
                            + "last_deployment_id, failure, message) VALUES (:groupId, :agentId, :revisionId, "
                            + ":lastStatus, :updatedAt, :lastDeploymentId, :failure, :message)",
                    JdbiDeploymentStore::bindGroupHost);
            if (!changes.requestKeys().isEmpty()) {
                PreparedBatch keys = handle.prepareBatch("INSERT INTO deployment_requests (idempotency_key, "
                        + "fingerprint, deployment_id, created_at) VALUES (:key, :fingerprint, :deploymentId, :at)");
                for (CreateRequestKey key : changes.requestKeys()) {
                    keys.bind("key", key.key()).bind("fingerprint", key.fingerprint())
                            .bind("deploymentId", key.deploymentId()).bind("at", key.createdAt().toEpochMilli()).add();
                }
                keys.execute();
            }
            if (changes.commitSeq() > 0) {
                PreparedBatch numbered = handle.prepareBatch("UPDATE deployments SET change_seq = :seq WHERE id = :id");
                for (String id : changes.touchedDeployments()) {
                    numbered.bind("seq", changes.commitSeq()).bind("id", id).add();
                }
                numbered.execute();
            }
        });
    }

    @Override
    public long lastChangeSeq() {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT COALESCE(MAX(change_seq), 0) FROM deployments")
                .mapTo(Long.class).one());
    }

    @Override
    public Map<String, Long> changeSeqs(Collection<String> deploymentIds) {
        Map<String, Long> seqs = new HashMap<>();
        if (deploymentIds.isEmpty()) {
            return seqs;
        }
        jdbi.useHandle(handle -> handle.createQuery("SELECT id, change_seq FROM deployments WHERE id IN (<ids>)")
                .bindList("ids", List.copyOf(deploymentIds))
                .map((rs, ctx) -> Map.entry(rs.getString(1), rs.getLong(2)))
                .forEach(entry -> seqs.put(entry.getKey(), entry.getValue())));
        return seqs;
    }

    @Override
    public Optional<CreateRequestKey> requestKey(String idempotencyKey) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT idempotency_key, fingerprint, deployment_id, "
                        + "created_at FROM deployment_requests WHERE idempotency_key = :key")
                .bind("key", idempotencyKey)
                .map((rs, ctx) -> new CreateRequestKey(rs.getString(1), rs.getString(2), rs.getString(3),
                        Instant.ofEpochMilli(rs.getLong(4))))
                .findOne());
    }

    /** Inserts rows known to be new, in one batch. */
    private static <T> void insert(Handle handle, Collection<T> rows, String insert, BiConsumer<PreparedBatch, T> binder) {
        if (rows.isEmpty()) {
            return;
        }
        PreparedBatch inserts = handle.prepareBatch(insert);
        for (T row : rows) {
            binder.accept(inserts, row);
            inserts.add();
        }
        inserts.execute();
    }

    /** Updates every row by key, then inserts the ones the update found no row for. */
    private static <T> void upsert(Handle handle, Collection<T> rows, String update, String insert,
            BiConsumer<PreparedBatch, T> binder) {
        if (rows.isEmpty()) {
            return;
        }
        List<T> ordered = new ArrayList<>(rows);
        PreparedBatch updates = handle.prepareBatch(update);
        for (T row : ordered) {
            binder.accept(updates, row);
            updates.add();
        }
        int[] counts = updates.execute();
        PreparedBatch inserts = handle.prepareBatch(insert);
        int missing = 0;
        for (int i = 0; i < ordered.size(); i++) {
            if (counts[i] == 0) {
                binder.accept(inserts, ordered.get(i));
                inserts.add();
                missing++;
            }
        }
        if (missing > 0) {
            inserts.execute();
        }
    }

    private void appendLogs(Handle handle, List<LogLine> lines) {
        if (lines.isEmpty()) {
            return;
        }
        PreparedBatch batch = handle.prepareBatch("INSERT INTO deployment_logs (" + LOG_COLUMNS + ") VALUES "
                + "(:deploymentId, :agentId, :lineNumber, :seq, :at, :event, :stream, :script, :text)");
        Map<String, LogLine> lastPerHost = new HashMap<>();
        for (LogLine line : lines) {
            batch.bind("deploymentId", line.deploymentId())
                    .bind("agentId", line.agentId())
                    .bind("lineNumber", line.lineNumber())
                    .bind("seq", line.sequence())
                    .bind("at", line.at().toEpochMilli())
                    .bind("event", line.event())
                    .bind("stream", line.stream())
                    .bind("script", cut(line.script(), 1000))
                    .bind("text", cut(line.text(), MAX_LINE_CHARS))
                    .add();
            lastPerHost.merge(line.deploymentId() + '\n' + line.agentId(), line,
                    (a, b) -> a.lineNumber() >= b.lineNumber() ? a : b);
        }
        batch.execute();
        PreparedBatch trim = handle.prepareBatch("DELETE FROM deployment_logs WHERE deployment_id = :deploymentId "
                + "AND agent_id = :agentId AND line_number <= :oldest");
        int trims = 0;
        for (LogLine last : lastPerHost.values()) {
            if (last.lineNumber() > maxLogLinesPerHost) {
                trim.bind("deploymentId", last.deploymentId())
                        .bind("agentId", last.agentId())
                        .bind("oldest", last.lineNumber() - maxLogLinesPerHost)
                        .add();
                trims++;
            }
        }
        if (trims > 0) {
            trim.execute();
        }
    }

    private static String cut(String text, int max) {
        if (text == null || text.length() <= max) {
            return text;
        }
        return text.substring(0, max - TRUNCATED.length()) + TRUNCATED;
    }

    @Override
    public Optional<Deployment> find(String id) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT " + DEPLOYMENT_COLUMNS
                        + " FROM deployments WHERE id = :id")
                .bind("id", id)
                .map((rs, ctx) -> toDeployment(rs))
                .findOne());
    }

    @Override
    public List<Deployment> list(DeploymentQuery query) {
        StringBuilder sql = new StringBuilder("SELECT " + DEPLOYMENT_COLUMNS + " FROM deployments WHERE 1 = 1");
        if (query.application() != null) {
            sql.append(" AND application = :application");
        }
        if (query.group() != null) {
            sql.append(" AND group_name = :group");
        }
        if (query.status() != null) {
            sql.append(" AND status = :status");
        }
        sql.append(" ORDER BY created_at DESC, id DESC LIMIT :limit");
        return jdbi.withHandle(handle -> {
            Query select = handle.createQuery(sql.toString()).bind("limit", query.limit());
            if (query.application() != null) {
                select.bind("application", query.application());
            }
            if (query.group() != null) {
                select.bind("group", query.group());
            }
            if (query.status() != null) {
                select.bind("status", query.status().name());
            }
            return select.map((rs, ctx) -> toDeployment(rs)).list();
        });
    }

    @Override
    public List<Deployment> unfinished() {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT " + DEPLOYMENT_COLUMNS
                        + " FROM deployments WHERE status NOT IN (<final>) ORDER BY created_at, id")
                .bindList("final", FINAL)
                .map((rs, ctx) -> toDeployment(rs))
                .list());
    }

    @Override
    public List<HostRun> hosts(String deploymentId) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT " + HOST_COLUMNS
                        + " FROM deployment_hosts WHERE deployment_id = :id ORDER BY seq")
                .bind("id", deploymentId)
                .map((rs, ctx) -> toHost(rs))
                .list());
    }

    @Override
    public Map<String, Map<HostStatus, Integer>> hostCounts(Collection<String> deploymentIds) {
        Map<String, Map<HostStatus, Integer>> counts = new HashMap<>();
        if (deploymentIds.isEmpty()) {
            return counts;
        }
        jdbi.useHandle(handle -> handle.createQuery("SELECT deployment_id, status, COUNT(*) AS n "
                        + "FROM deployment_hosts WHERE deployment_id IN (<ids>) GROUP BY deployment_id, status")
                .bindList("ids", List.copyOf(deploymentIds))
                .map((rs, ctx) -> {
                    counts.computeIfAbsent(rs.getString("deployment_id"), id -> new EnumMap<>(HostStatus.class))
                            .put(HostStatus.valueOf(rs.getString("status")), rs.getInt("n"));
                    return null;
                })
                .list());
        return counts;
    }

    @Override
    public List<HostEvent> events(String deploymentId, String agentId) {
        List<HostEvent> events = jdbi.withHandle(handle -> handle.createQuery("SELECT " + EVENT_COLUMNS
                        + " FROM deployment_events WHERE deployment_id = :id"
                        + (agentId == null ? "" : " AND agent_id = :agent"))
                .bind("id", deploymentId)
                .bind("agent", agentId)
                .map((rs, ctx) -> toEvent(rs))
                .list());
        List<HostEvent> ordered = new ArrayList<>(events);
        ordered.sort(Comparator.comparing(HostEvent::agentId).thenComparing(event -> lifecycleOrder(event.event())));
        return ordered;
    }

    private static int lifecycleOrder(String event) {
        return LifecycleEvent.fromWireName(event).map(Enum::ordinal).orElse(Integer.MAX_VALUE);
    }

    @Override
    public List<LogLine> logs(String deploymentId, LogPage page) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT " + LOG_COLUMNS
                        + " FROM deployment_logs WHERE deployment_id = :id AND seq_no > :afterSeq"
                        + (page.agentId() == null ? "" : " AND agent_id = :agent AND line_number > :afterLine")
                        + " ORDER BY seq_no LIMIT :limit")
                .bind("id", deploymentId)
                .bind("afterSeq", page.afterSequence())
                .bind("agent", page.agentId())
                .bind("afterLine", page.afterLine())
                .bind("limit", page.limit())
                .map((rs, ctx) -> new LogLine(rs.getString("deployment_id"), rs.getString("agent_id"),
                        rs.getLong("line_number"), rs.getLong("seq_no"), Instant.ofEpochMilli(rs.getLong("at")),
                        rs.getString("event"), rs.getString("stream"), rs.getString("script"),
                        rs.getString("line_text")))
                .list());
    }

    @Override
    public Map<String, Long> lastLogLines(String deploymentId) {
        Map<String, Long> last = new HashMap<>();
        jdbi.useHandle(handle -> handle.createQuery("SELECT agent_id, MAX(line_number) AS last_line "
                        + "FROM deployment_logs WHERE deployment_id = :id GROUP BY agent_id")
                .bind("id", deploymentId)
                .map((rs, ctx) -> last.put(rs.getString("agent_id"), rs.getLong("last_line")))
                .list());
        return last;
    }

    @Override
    public long lastLogSequence(String deploymentId) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT COALESCE(MAX(seq_no), 0) FROM deployment_logs "
                        + "WHERE deployment_id = :id")
                .bind("id", deploymentId)
                .mapTo(Long.class)
                .one());
    }

    @Override
    public Map<String, GroupHostRecord> groupHosts(String groupId) {
        Map<String, GroupHostRecord> records = new HashMap<>();
        jdbi.useHandle(handle -> handle.createQuery("SELECT group_id, agent_id, revision_id, last_status, updated_at, "
                        + "last_deployment_id, failure, message FROM group_hosts WHERE group_id = :id")
                .bind("id", groupId)
                .map((rs, ctx) -> records.put(rs.getString("agent_id"), new GroupHostRecord(rs.getString("group_id"),
                        rs.getString("agent_id"), rs.getString("revision_id"),
                        HostStatus.valueOf(rs.getString("last_status")),
                        Instant.ofEpochMilli(rs.getLong("updated_at")), rs.getString("last_deployment_id"),
                        rs.getString("failure"), rs.getString("message"))))
                .list());
        return records;
    }

    @Override
    public Optional<Deployment> lastSucceeded(String groupId) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT " + DEPLOYMENT_COLUMNS + " FROM deployments "
                        + "WHERE group_id = :id AND status = :status ORDER BY ended_at DESC, created_at DESC LIMIT 1")
                .bind("id", groupId)
                .bind("status", DeploymentStatus.SUCCEEDED.name())
                .map((rs, ctx) -> toDeployment(rs))
                .findOne());
    }

    private static void bindDeployment(PreparedBatch batch, Deployment d) {
        batch.bind("id", d.id())
                .bind("application", d.application())
                .bind("groupName", d.groupName())
                .bind("groupId", d.groupId())
                .bind("revisionId", d.revisionId())
                .bind("configName", d.configName())
                .bind("minimumType", minimumType(d.minimum()))
                .bind("minimumValue", minimumValue(d.minimum()))
                .bind("status", d.status().name())
                .bind("creator", d.creator())
                .bind("description", d.description())
                .bind("rollbackDeploymentId", d.rollbackDeploymentId())
                .bind("rollbackOf", d.rollbackOf())
                .bind("error", cut(d.error(), 4000))
                .bind("ignoreStopFailures", d.ignoreApplicationStopFailures())
                .bind("fileExistsBehavior", d.fileExistsBehavior() == null ? null : d.fileExistsBehavior().name())
                .bind("autoRollback", d.autoRollback())
                .bind("endingStatus", d.ending() == null ? null : d.ending().status().name())
                .bind("endingTrigger", d.ending() == null || d.ending().trigger() == null ? null
                        : d.ending().trigger().name())
                .bind("createdAt", d.createdAt().toEpochMilli())
                .bind("startedAt", millis(d.startedAt()))
                .bind("endedAt", millis(d.endedAt()))
                .bind("continueBy", millis(d.continueBy()))
                .bind("continuedAt", millis(d.continuedAt()))
                .bind("targetAgentIds", d.targetAgentIds().isEmpty() ? null : JSON.write(d.targetAgentIds()));
    }

    private static void bindHost(PreparedBatch batch, HostRun h) {
        batch.bind("deploymentId", h.deploymentId())
                .bind("agentId", h.agentId())
                .bind("hostname", h.hostname())
                .bind("standing", h.standing().name())
                .bind("status", h.status().name())
                .bind("failure", h.failure())
                .bind("message", cut(h.message(), 4000))
                .bind("commandId", h.commandId())
                .bind("acknowledged", h.acknowledged())
                .bind("currentEvent", h.currentEvent())
                .bind("startedAt", millis(h.startedAt()))
                .bind("endedAt", millis(h.endedAt()))
                .bind("deadline", millis(h.deadline()));
    }

    private static void bindEvent(PreparedBatch batch, HostEvent e) {
        batch.bind("deploymentId", e.deploymentId())
                .bind("agentId", e.agentId())
                .bind("event", e.event())
                .bind("status", e.status().name())
                .bind("failure", e.failure())
                .bind("exitCode", e.exitCode())
                .bind("message", cut(e.message(), 4000))
                .bind("startedAt", millis(e.startedAt()))
                .bind("endedAt", millis(e.endedAt()));
    }

    private static void bindGroupHost(PreparedBatch batch, GroupHostRecord r) {
        batch.bind("groupId", r.groupId())
                .bind("agentId", r.agentId())
                .bind("revisionId", r.revisionId())
                .bind("lastStatus", r.lastStatus().name())
                .bind("updatedAt", r.updatedAt().toEpochMilli())
                .bind("lastDeploymentId", r.lastDeploymentId())
                .bind("failure", r.failure())
                .bind("message", cut(r.message(), 4000));
    }

    private static Deployment toDeployment(ResultSet rs) throws SQLException {
        String endingStatus = rs.getString("ending_status");
        String endingTrigger = rs.getString("ending_trigger");
        String fileExists = rs.getString("file_exists_behavior");
        boolean autoRollback = rs.getBoolean("auto_rollback");
        Boolean autoRollbackOverride = rs.wasNull() ? null : autoRollback;
        String targets = rs.getString("target_agent_ids");
        return new Deployment(rs.getString("id"), rs.getString("application"), rs.getString("group_name"),
                rs.getString("group_id"), rs.getString("revision_id"), rs.getString("config_name"),
                minimum(rs.getString("minimum_type"), rs.getInt("minimum_value")),
                DeploymentStatus.valueOf(rs.getString("status")), rs.getString("creator"),
                rs.getString("description"), rs.getString("rollback_deployment_id"), rs.getString("rollback_of"),
                rs.getString("error"), rs.getBoolean("ignore_stop_failures"),
                fileExists == null ? null : FileExistsBehavior.valueOf(fileExists), autoRollbackOverride,
                endingStatus == null ? null : new Deployment.Ending(DeploymentStatus.valueOf(endingStatus),
                        endingTrigger == null ? null : AutoRollback.Trigger.valueOf(endingTrigger)),
                instant(rs, "created_at"), instant(rs, "started_at"), instant(rs, "ended_at"),
                instant(rs, "continue_by"), instant(rs, "continued_at"), targets == null ? List.of()
                        : JSON.read(targets, AGENT_IDS));
    }

    private static HostRun toHost(ResultSet rs) throws SQLException {
        return new HostRun(rs.getString("deployment_id"), rs.getString("agent_id"), rs.getString("hostname"),
                HostStanding.valueOf(rs.getString("standing")), HostStatus.valueOf(rs.getString("status")),
                rs.getString("failure"), rs.getString("message"), rs.getString("command_id"),
                rs.getBoolean("acknowledged"), rs.getString("current_event"), instant(rs, "started_at"),
                instant(rs, "ended_at"), instant(rs, "deadline"));
    }

    private static HostEvent toEvent(ResultSet rs) throws SQLException {
        int exitCode = rs.getInt("exit_code");
        Integer exit = rs.wasNull() ? null : exitCode;
        return new HostEvent(rs.getString("deployment_id"), rs.getString("agent_id"), rs.getString("event"),
                HostStatus.valueOf(rs.getString("status")), rs.getString("failure"), exit, rs.getString("message"),
                instant(rs, "started_at"), instant(rs, "ended_at"));
    }

    static String minimumType(MinimumHealthyHosts minimum) {
        if (minimum instanceof MinimumHealthyHosts.HostCount) {
            return "HOST_COUNT";
        }
        if (minimum instanceof MinimumHealthyHosts.FleetPercent) {
            return "FLEET_PERCENT";
        }
        return "ALL_BUT_ONE";
    }

    static int minimumValue(MinimumHealthyHosts minimum) {
        if (minimum instanceof MinimumHealthyHosts.HostCount count) {
            return count.value();
        }
        if (minimum instanceof MinimumHealthyHosts.FleetPercent percent) {
            return percent.value();
        }
        return 0;
    }

    static MinimumHealthyHosts minimum(String type, int value) {
        return switch (type) {
            case "HOST_COUNT" -> new MinimumHealthyHosts.HostCount(value);
            case "FLEET_PERCENT" -> new MinimumHealthyHosts.FleetPercent(value);
            case "ALL_BUT_ONE" -> MinimumHealthyHosts.ONE_AT_A_TIME;
            default -> throw new IllegalStateException("stored minimum type '" + type + "' is unknown");
        };
    }

    private static Long millis(Instant instant) {
        return instant == null ? null : instant.toEpochMilli();
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        long millis = rs.getLong(column);
        return rs.wasNull() ? null : Instant.ofEpochMilli(millis);
    }
}
