package dev.hoist.controller.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hoist.controller.core.Agent;
import dev.hoist.controller.core.AgentState;
import dev.hoist.controller.core.HostFacts;
import dev.hoist.controller.store.JdbiAgentStore;
import dev.hoist.controller.testing.TestStores;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;

/** Heartbeats reach the real store coalesced: the newest report of each agent, written in one batch. */
class HeartbeatRecorderTest {
    private static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");

    @Test
    void theNewestFactsOfEachAgentAreWrittenWhenFlushedAndOnClose() {
        Jdbi jdbi = TestStores.sqliteInTemporaryDirectory("heartbeats-");
        JdbiAgentStore agents = new JdbiAgentStore(jdbi);
        for (String id : new String[] {"agt-a", "agt-b"}) {
            agents.insert(new Agent(id, id, Map.of(), "1", "Linux", T0, T0, AgentState.DISCONNECTED, T0, null));
        }
        // An interval far longer than the test: only explicit flushes and close write.
        HeartbeatRecorder recorder = new HeartbeatRecorder(agents, Duration.ofHours(1));

        recorder.record("agt-a", facts(1), T0.plusSeconds(1));
        recorder.record("agt-a", facts(2), T0.plusSeconds(2));
        recorder.record("agt-b", facts(3), T0.plusSeconds(3));
        assertThat(agents.find("agt-a").orElseThrow().facts()).as("nothing written before a flush").isNull();

        recorder.flush();
        assertThat(agents.find("agt-a").orElseThrow().facts()).isEqualTo(facts(2));
        assertThat(agents.find("agt-a").orElseThrow().lastSeen()).isEqualTo(T0.plusSeconds(2));
        assertThat(agents.find("agt-b").orElseThrow().facts()).isEqualTo(facts(3));

        recorder.record("agt-b", facts(4), T0.plusSeconds(4));
        recorder.close();
        assertThat(agents.find("agt-b").orElseThrow().facts()).isEqualTo(facts(4));
    }

    private static HostFacts facts(int cpus) {
        return new HostFacts("host", "Linux", "6.1", "amd64", cpus, 8_000, 4_000, 100, 0.5);
    }
}
