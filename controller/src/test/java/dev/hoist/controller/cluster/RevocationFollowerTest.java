package dev.hoist.controller.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hoist.controller.core.Agent;
import dev.hoist.controller.core.AgentConnections;
import dev.hoist.controller.core.AgentRevoker;
import dev.hoist.controller.core.AgentState;
import dev.hoist.controller.core.RevocationList;
import dev.hoist.controller.store.DatabaseKind;
import dev.hoist.controller.store.JdbiAgentStore;
import dev.hoist.controller.store.PostgresDatabases;
import dev.hoist.controller.store.SchemaMigrations;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A revocation made on one controller (its store and its list) reaches another on the same database: the
 * other's handshake list refuses the agent and its connection there is closed, once.
 */
class RevocationFollowerTest {
    private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");

    private String schema;
    private JdbiAgentStore storeOfA;
    private JdbiAgentStore storeOfB;

    @BeforeEach
    void database() {
        schema = PostgresDatabases.createSchema();
        DataSource dataSource = PostgresDatabases.dataSource(schema);
        new SchemaMigrations(dataSource).migrate();
        storeOfA = new JdbiAgentStore(DatabaseKind.POSTGRESQL.jdbi(dataSource));
        storeOfB = new JdbiAgentStore(DatabaseKind.POSTGRESQL.jdbi(dataSource));
        for (String id : List.of("agt-1", "agt-2")) {
            storeOfA.insert(new Agent(id, id, Map.of(), "0.1.0", "Linux", T0, T0, AgentState.CONNECTED, T0, null));
        }
    }

    @AfterEach
    void dropSchema() {
        PostgresDatabases.dropSchema(schema);
    }

    @Test
    void aRevocationOnAnotherControllerIsEnforcedHereAndItsConnectionClosedOnce() {
        RecordingConnections connectionsOfB = new RecordingConnections();
        RevocationList listOfB = new RevocationList(storeOfB.revokedIds());
        RevocationFollower follower = new RevocationFollower(storeOfB, listOfB, connectionsOfB, Duration.ofMillis(100));

        new AgentRevoker(storeOfA, new RevocationList(Set.of()), new RecordingConnections(), Clock.systemUTC())
                .revoke("agt-1", "admin");
        assertThat(listOfB.isRevoked("agt-1")).isFalse();

        assertThat(follower.catchUp()).isEqualTo(1);
        assertThat(listOfB.isRevoked("agt-1")).isTrue();
        assertThat(listOfB.isRevoked("agt-2")).isFalse();
        assertThat(connectionsOfB.revoked).containsExactly("agt-1");

        assertThat(follower.catchUp()).isZero();
        assertThat(connectionsOfB.revoked).containsExactly("agt-1");
    }

    @Test
    void onceStartedItFollowsByItself() {
        RecordingConnections connectionsOfB = new RecordingConnections();
        RevocationList listOfB = new RevocationList(storeOfB.revokedIds());
        RevocationFollower follower = new RevocationFollower(storeOfB, listOfB, connectionsOfB, Duration.ofMillis(100));
        follower.start();
        try {
            new AgentRevoker(storeOfA, new RevocationList(Set.of()), new RecordingConnections(), Clock.systemUTC())
                    .revoke("agt-2", "admin");
            await("agt-2 revoked on B").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
                    .until(() -> listOfB.isRevoked("agt-2"));
            await("agt-2 told on B").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
                    .until(() -> connectionsOfB.revoked.contains("agt-2"));
        } finally {
            follower.stop();
        }
    }

    /** The connections of a controller that holds none: records what it was asked to close. */
    private static final class RecordingConnections implements AgentConnections {
        final List<String> revoked = new CopyOnWriteArrayList<>();

        @Override
        public boolean isConnected(String agentId) {
            return false;
        }

        @Override
        public void disconnect(String agentId, String reason) {
        }

        @Override
        public void revoked(String agentId, String reason) {
            revoked.add(agentId);
        }

        @Override
        public int connectedCount() {
            return 0;
        }
    }
}
