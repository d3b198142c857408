package dev.hoist.controller.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hoist.controller.core.Agent;
import dev.hoist.controller.core.AgentQuery;
import dev.hoist.controller.core.AgentState;
import dev.hoist.controller.core.AgentStore;
import dev.hoist.controller.core.ApiToken;
import dev.hoist.controller.core.AuditEvent;
import dev.hoist.controller.core.HostFacts;
import dev.hoist.controller.core.JoinToken;
import dev.hoist.controller.core.JoinTokenStore.Outcome;
import dev.hoist.controller.core.JoinTokenStore.Redemption;
import dev.hoist.controller.core.Role;
import dev.hoist.controller.core.Secrets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The store's behaviour, run unchanged against every database Hoist supports: each subclass supplies a
 * fresh, empty database.
 */
abstract class StoreContractTest {
    private static final Instant T0 = Instant.parse("2025-01-01T10:00:00Z");

    private DataSource database;
    private Jdbi jdbi;
    private JdbiAgentStore agents;
    private JdbiJoinTokenStore joinTokens;
    private JdbiApiTokenStore apiTokens;
    private JdbiAuditLog audit;

    /** An empty database (or schema) of its own. */
    abstract DataSource freshDatabase() throws Exception;

    @BeforeEach
    void migrate() throws Exception {
        database = freshDatabase();
        new SchemaMigrations(database).migrate();
        jdbi = DatabaseKind.of(database).jdbi(database);
        agents = new JdbiAgentStore(jdbi);
        joinTokens = new JdbiJoinTokenStore(jdbi);
        apiTokens = new JdbiApiTokenStore(jdbi);
        audit = new JdbiAuditLog(jdbi);
    }

    /** Applications, revisions, deployment configs and groups, on this test's database. */
    @Nested
    class Catalog extends CatalogStoreContract {
        Catalog() {
            super(() -> jdbi);
        }
    }

    @Test
    void migratingTwiceChangesNothing() {
        // The store was migrated when the test was set up; a second run must apply nothing.
        int before = appliedMigrations();
        int version = new SchemaMigrations(database).migrate();
        assertThat(version).isGreaterThanOrEqualTo(2).isEqualTo(before);
        assertThat(appliedMigrations()).isEqualTo(before);
    }

    private int appliedMigrations() {
        return jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM flyway_schema_history")
                .mapTo(Integer.class).one());
    }

    @Test
    void refusesADatabaseNewerThanItsMigrations() {
        jdbi.useHandle(h -> h.execute("INSERT INTO flyway_schema_history (installed_rank, version, description, "
                + "type, script, checksum, installed_by, execution_time, success) "
                + "VALUES (99, '99', 'from the future', 'SQL', 'V99__from_the_future.sql', 0, 'test', 0, TRUE)"));
        assertThatThrownBy(() -> new SchemaMigrations(database).migrate())
                .hasMessageContaining("version 99");
    }

    @Test
    void agentRoundTripsWithTagsAndFacts() {
        HostFacts facts = facts("web-1");
        agents.insert(new Agent("agt-1", "web-1", Map.of("env", "prod", "role", "web"), "0.1.0", "Linux 6.1",
                T0, T0.plusSeconds(5), AgentState.CONNECTED, T0.plusSeconds(1), facts));

        Agent found = agents.find("agt-1").orElseThrow();

        assertThat(found.tags()).containsExactlyInAnyOrderEntriesOf(Map.of("env", "prod", "role", "web"));
        assertThat(found.facts()).isEqualTo(facts);
        assertThat(found.state()).isEqualTo(AgentState.CONNECTED);
        assertThat(found.firstSeen()).isEqualTo(T0);
        assertThat(found.lastSeen()).isEqualTo(T0.plusSeconds(5));
        assertThat(found.stateSince()).isEqualTo(T0.plusSeconds(1));
        assertThat(agents.find("agt-missing")).isEmpty();
    }

    @Test
    void agentsAreFoundTogetherWithTheirTagsAndUnknownIdsLeftOut() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            String id = "agt-" + i;
            ids.add(id);
            agents.insert(new Agent(id, "web-" + i, Map.of("n", String.valueOf(i)), "0.1.0", "Linux 6.1", T0, T0,
                    AgentState.DISCONNECTED, T0, null));
        }
        ids.add("agt-missing");

        List<Agent> found = agents.findAll(ids);

        assertThat(found).hasSize(12);
        assertThat(found).allSatisfy(agent -> assertThat(agent.tags())
                .containsExactly(Map.entry("n", agent.id().substring("agt-".length()))));
        assertThat(agents.findAll(List.of())).isEmpty();
    }

    @Test
    void listFiltersByTagPresenceTagValueAndState() {
        enroll("agt-a", "a", Map.of("env", "prod", "role", "web"));
        enroll("agt-b", "b", Map.of("env", "staging", "role", "web"));
        enroll("agt-c", "c", Map.of("env", "prod"));
        agents.recordConnected("agt-c", "0.1.0", facts("c"), T0.plusSeconds(10));

        assertThat(ids(AgentQuery.ALL)).containsExactly("agt-a", "agt-b", "agt-c");
        assertThat(ids(new AgentQuery(List.of("role"), null))).containsExactly("agt-a", "agt-b");
        assertThat(ids(new AgentQuery(List.of("env=prod"), null))).containsExactly("agt-a", "agt-c");
        assertThat(ids(new AgentQuery(List.of("env=prod", "role=web"), null))).containsExactly("agt-a");
        assertThat(ids(new AgentQuery(List.of(), AgentState.CONNECTED))).containsExactly("agt-c");
        assertThat(ids(new AgentQuery(List.of("env=prod"), AgentState.DISCONNECTED))).containsExactly("agt-a");
        assertThat(ids(new AgentQuery(List.of("env=nope"), null))).isEmpty();
    }

    @Test
    void connectionStateMovesWithHelloAndClose() {
        enroll("agt-1", "enrolled-name", Map.of());

        agents.recordConnected("agt-1", "0.2.0", facts("real-host"), T0.plusSeconds(10));
        Agent connected = agents.find("agt-1").orElseThrow();
        assertThat(connected.state()).isEqualTo(AgentState.CONNECTED);
        assertThat(connected.stateSince()).isEqualTo(T0.plusSeconds(10));
        assertThat(connected.hostname()).isEqualTo("real-host");
        assertThat(connected.agentVersion()).isEqualTo("0.2.0");
        assertThat(connected.os()).isEqualTo("Linux 6.1");

        HostFacts later = new HostFacts("real-host", "Linux", "6.1", "amd64", 4, 8_000, 1_000, 50, 2.5);
        agents.recordFacts("agt-1", later, T0.plusSeconds(20));
        assertThat(agents.find("agt-1").orElseThrow().facts()).isEqualTo(later);
        assertThat(agents.find("agt-1").orElseThrow().lastSeen()).isEqualTo(T0.plusSeconds(20));

        agents.recordDisconnected("agt-1", T0.plusSeconds(30));
        Agent gone = agents.find("agt-1").orElseThrow();
        assertThat(gone.state()).isEqualTo(AgentState.DISCONNECTED);
        assertThat(gone.stateSince()).isEqualTo(T0.plusSeconds(30));
    }

    @Test
    void connectionsAndDisconnectionsOfManyAgentsAreAppliedInOrderInOneBatch() {
        enroll("agt-1", "one", Map.of());
        enroll("agt-2", "two", Map.of());
        enroll("agt-3", "three", Map.of());
        agents.revoke("agt-3", T0.plusSeconds(1));

        agents.recordPresence(List.of(
                new AgentStore.PresenceChange("agt-1", true, "0.2.0", facts("one-host"), T0.plusSeconds(10)),
                new AgentStore.PresenceChange("agt-2", true, "0.2.0", facts("two-host"), T0.plusSeconds(11)),
                new AgentStore.PresenceChange("agt-1", false, null, null, T0.plusSeconds(12)),
                new AgentStore.PresenceChange("agt-3", true, "0.2.0", facts("three-host"), T0.plusSeconds(13)),
                new AgentStore.PresenceChange("agt-2", false, null, null, T0.plusSeconds(14)),
                new AgentStore.PresenceChange("agt-2", true, "0.3.0", facts("two-host"), T0.plusSeconds(15))));

        Agent one = agents.find("agt-1").orElseThrow();
        assertThat(one.state()).isEqualTo(AgentState.DISCONNECTED);
        assertThat(one.stateSince()).isEqualTo(T0.plusSeconds(12));
        assertThat(one.hostname()).isEqualTo("one-host");
        Agent two = agents.find("agt-2").orElseThrow();
        assertThat(two.state()).isEqualTo(AgentState.CONNECTED);
        assertThat(two.stateSince()).isEqualTo(T0.plusSeconds(15));
        assertThat(two.agentVersion()).isEqualTo("0.3.0");
        assertThat(agents.find("agt-3").orElseThrow().state()).isEqualTo(AgentState.REVOKED);
    }

    @Test
    void heartbeatFactsOfManyAgentsAreWrittenInOneBatch() {
        enroll("agt-1", "one", Map.of());
        enroll("agt-2", "two", Map.of());
        HostFacts one = new HostFacts("one", "Linux", "6.1", "amd64", 2, 4_000, 1_000, 10, 0.5);
        HostFacts two = new HostFacts("two", "Linux", "6.1", "arm64", 8, 16_000, 9_000, 90, 3.5);

        agents.recordFacts(Map.of(
                "agt-1", new AgentStore.FactsReport(one, T0.plusSeconds(40)),
                "agt-2", new AgentStore.FactsReport(two, T0.plusSeconds(41)),
                "agt-unknown", new AgentStore.FactsReport(two, T0.plusSeconds(42))));

        assertThat(agents.find("agt-1").orElseThrow().facts()).isEqualTo(one);
        assertThat(agents.find("agt-1").orElseThrow().lastSeen()).isEqualTo(T0.plusSeconds(40));
        assertThat(agents.find("agt-2").orElseThrow().facts()).isEqualTo(two);
        assertThat(agents.find("agt-unknown")).isEmpty();
        agents.recordFacts(Map.of());
    }

    @Test
    void revokedAgentStaysRevokedAndIsListedAsRevoked() {
        enroll("agt-1", "one", Map.of());
        enroll("agt-2", "two", Map.of());

        assertThat(agents.revoke("agt-1", T0.plusSeconds(5))).isTrue();
        assertThat(agents.revoke("agt-1", T0.plusSeconds(9))).isTrue();
        agents.recordConnected("agt-1", "0.1.0", facts("one"), T0.plusSeconds(10));
        agents.recordDisconnected("agt-1", T0.plusSeconds(11));

        Agent revoked = agents.find("agt-1").orElseThrow();
        assertThat(revoked.state()).isEqualTo(AgentState.REVOKED);
        assertThat(revoked.stateSince()).isEqualTo(T0.plusSeconds(5));
        assertThat(agents.revokedIds()).containsExactly("agt-1");
        assertThat(agents.revoke("agt-missing", T0)).isFalse();
    }

    @Test
    void setTagsReplacesEveryTag() {
        enroll("agt-1", "one", Map.of("env", "prod", "old", "x"));

        assertThat(agents.setTags("agt-1", Map.of("env", "staging", "new", "y"))).isTrue();

        assertThat(agents.find("agt-1").orElseThrow().tags())
                .containsExactlyInAnyOrderEntriesOf(Map.of("env", "staging", "new", "y"));
        assertThat(agents.setTags("agt-missing", Map.of("a", "b"))).isFalse();
    }

    @Test
    void joinTokenIsSpentUseByUseThenRefusedAsSpent() {
        joinTokens.insert(token("jt-1", "secret-1", 2, T0.plus(Duration.ofHours(1))));

        Redemption first = joinTokens.redeem(Secrets.hash("secret-1"), T0);
        Redemption second = joinTokens.redeem(Secrets.hash("secret-1"), T0);
        Redemption third = joinTokens.redeem(Secrets.hash("secret-1"), T0);

        assertThat(first.outcome()).isEqualTo(Outcome.OK);
        assertThat(first.token().usesLeft()).isEqualTo(1);
        assertThat(first.token().tags()).containsEntry("env", "prod");
        assertThat(second.outcome()).isEqualTo(Outcome.OK);
        assertThat(third.outcome()).isEqualTo(Outcome.SPENT);
        assertThat(joinTokens.list()).singleElement().extracting(JoinToken::usesLeft).isEqualTo(0);
    }

    @Test
    void expiredAndUnknownTokensAreRefusedEachWithItsOwnReason() {
        joinTokens.insert(token("jt-1", "secret-1", 1, T0.plusSeconds(60)));

        assertThat(joinTokens.redeem(Secrets.hash("secret-1"), T0.plusSeconds(60)).outcome())
                .isEqualTo(Outcome.EXPIRED);
        assertThat(joinTokens.redeem(Secrets.hash("no-such-secret"), T0).outcome()).isEqualTo(Outcome.UNKNOWN);
        assertThat(joinTokens.list()).singleElement().extracting(JoinToken::usesLeft).isEqualTo(1);
    }

    @Test
    void deletedTokenCannotBeRedeemed() {
        joinTokens.insert(token("jt-1", "secret-1", 1, T0.plusSeconds(60)));

        assertThat(joinTokens.delete("jt-1")).isTrue();
        assertThat(joinTokens.delete("jt-1")).isFalse();
        assertThat(joinTokens.redeem(Secrets.hash("secret-1"), T0).outcome()).isEqualTo(Outcome.UNKNOWN);
    }

    @Test
    void concurrentRedemptionsOfAOneUseTokenLetExactlyOneThrough() throws Exception {
        joinTokens.insert(token("jt-1", "secret-1", 1, T0.plusSeconds(60)));
        int contenders = 8;
        ExecutorService pool = Executors.newFixedThreadPool(contenders);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Outcome>> results = new ArrayList<>();
            for (int i = 0; i < contenders; i++) {
                results.add(pool.submit(() -> {
                    start.await();
                    return joinTokens.redeem(Secrets.hash("secret-1"), T0).outcome();
                }));
            }
            start.countDown();
            List<Outcome> outcomes = new ArrayList<>();
            for (Future<Outcome> result : results) {
                outcomes.add(result.get(30, TimeUnit.SECONDS));
            }
            assertThat(outcomes).containsOnlyOnce(Outcome.OK);
            assertThat(outcomes).filteredOn(o -> o == Outcome.SPENT).hasSize(contenders - 1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void apiTokensAreFoundByHashAndNameAndNamesAreUnique() {
        apiTokens.insert(new ApiToken("tok-1", "admin", Role.ADMIN, Secrets.hash("s1"), T0));
        apiTokens.insert(new ApiToken("tok-2", "ci", Role.DEPLOYER, Secrets.hash("s2"), T0));

        assertThat(apiTokens.findBySecretHash(Secrets.hash("s2")).orElseThrow().role()).isEqualTo(Role.DEPLOYER);
        assertThat(apiTokens.findByName("admin").orElseThrow().id()).isEqualTo("tok-1");
        assertThat(apiTokens.findBySecretHash(Secrets.hash("nope"))).isEmpty();
        assertThat(apiTokens.list()).extracting(ApiToken::name).containsExactly("admin", "ci");
        assertThatThrownBy(() -> apiTokens.insert(new ApiToken("tok-3", "ci", Role.VIEWER, Secrets.hash("s3"), T0)))
                .isNotNull();
    }

    @Test
    void auditEventsComeBackNewestFirstUpToTheLimit() {
        for (int i = 0; i < 5; i++) {
            audit.record(new AuditEvent(0, T0.plusSeconds(i), "admin", "agent.revoke", "agt-" + i, "127.0.0.1",
                    "OK"));
        }

        List<AuditEvent> latest = audit.latest(3);

        assertThat(latest).extracting(AuditEvent::target).containsExactly("agt-4", "agt-3", "agt-2");
        assertThat(latest.get(0).at()).isEqualTo(T0.plusSeconds(4));
        assertThat(latest.get(0).id()).isGreaterThan(latest.get(1).id());
        assertThat(latest.get(0).remoteAddress()).isEqualTo("127.0.0.1");
    }

    private void enroll(String id, String hostname, Map<String, String> tags) {
        agents.insert(new Agent(id, hostname, tags, "0.1.0", null, T0, T0, AgentState.DISCONNECTED, T0, null));
    }

    private List<String> ids(AgentQuery query) {
        return agents.list(query).stream().map(Agent::id).toList();
    }

    private static HostFacts facts(String hostname) {
        return new HostFacts(hostname, "Linux", "6.1", "amd64", 2, 4_000_000_000L, 2_000_000_000L,
                10_000_000_000L, 0.5);
    }

    private static JoinToken token(String id, String secret, int uses, Instant expiresAt) {
        return new JoinToken(id, Secrets.hash(secret), Map.of("env", "prod"), T0, expiresAt, uses, "admin");
    }
}
