package dev.hoist.controller.live;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hoist.controller.core.Agent;
import dev.hoist.controller.core.AgentQuery;
import dev.hoist.controller.core.AgentState;
import dev.hoist.controller.core.AgentStore;
import dev.hoist.controller.core.HostFacts;
import dev.hoist.controller.core.deploy.Deployment;
import dev.hoist.controller.core.deploy.HostRun;
import dev.hoist.controller.core.deploy.HostStatus;
import dev.hoist.controller.core.deploy.LogLine;
import dev.hoist.controller.store.JdbiAgentStore;
import dev.hoist.controller.testing.TestStores;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Agents' committed changes reach the live stream through a real SQLite registry: enrolled, connected,
 * tagged, disconnected, revoked, each with the record as the registry reads after it; heartbeats do
 * not; only clients that ask for agents get them; a reconnecting client catches up, and one holding an
 * id of an earlier run of the controller is told to read everything again.
 */
class AgentLiveUpdatesTest {
    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

    /** Renders a change as its kind, agent id and state (or deployment id): enough to tell them apart. */
    private static final LiveUpdates.Renderer RENDERER = new LiveUpdates.Renderer() {
        @Override
        public String deployment(Deployment deployment, Map<HostStatus, Integer> hostCounts, long seq) {
            return "deployment " + deployment.id();
        }

        @Override
        public String host(HostRun host) {
            return "host " + host.agentId();
        }

        @Override
        public String logLine(LogLine line) {
            return "log";
        }

        @Override
        public String agent(Agent agent) {
            return agent.id() + " " + agent.state().displayName() + " " + agent.tags();
        }
    };

    private final LiveUpdates live = new LiveUpdates(RENDERER, 100, 100, "runA");
    private final JdbiAgentStore registry = new JdbiAgentStore(TestStores.sqliteInTemporaryDirectory("agent-live-"));
    private final AnnouncedAgentStore agents = new AnnouncedAgentStore(registry, live);

    @Test
    void eachCommittedChangeOfAnAgentIsAnnouncedToClientsThatAskForAgentsAndHeartbeatsAreNot() throws Exception {
        LiveUpdates.Subscription fleet = live.subscribe(filter(false, true), null);
        LiveUpdates.Subscription deploymentsOnly = live.subscribe(filter(true, false), null);

        agents.insert(new Agent("agt-1", "web-1", Map.of("role", "web"), "0.1.0", null, T0, T0,
                AgentState.DISCONNECTED, T0, null));
        agents.recordConnected("agt-1", "0.1.0", facts(), T0.plusSeconds(1));
        agents.recordFacts("agt-1", facts(), T0.plusSeconds(2));
        agents.recordFacts(Map.of("agt-1", new AgentStore.FactsReport(facts(),
                T0.plusSeconds(3))));
        agents.setTags("agt-1", Map.of("role", "db"));
        agents.recordDisconnected("agt-1", T0.plusSeconds(4));
        agents.revoke("agt-1", T0.plusSeconds(5));
        assertThat(agents.setTags("agt-none", Map.of())).isFalse();

        assertThat(drain(fleet)).containsExactly(
                "agent agt-1 Disconnected {role=web}",
                "agent agt-1 Connected {role=web}",
                "agent agt-1 Connected {role=db}",
                "agent agt-1 Disconnected {role=db}",
                "agent agt-1 Revoked {role=db}");
        assertThat(drain(deploymentsOnly)).isEmpty();
        assertThat(agents.list(new AgentQuery(List.of(), null))).extracting(Agent::state)
                .containsExactly(AgentState.REVOKED);
    }

    @Test
    void aClientThatReconnectsGetsTheAgentChangesItMissedInOrderWithDeploymentChanges() throws Exception {
        LiveUpdates.Subscription first = live.subscribe(filter(true, true), null);
        insert("agt-1");
        LiveUpdates.Update seen = first.next(1, TimeUnit.SECONDS);
        first.close();
        insert("agt-2");
        agents.recordConnected("agt-2", "0.1.0", facts(), T0);

        LiveUpdates.Subscription again = live.subscribe(filter(true, true),
                LiveUpdates.EventId.parse(seen.id().toString()));

        assertThat(seen.id().toString()).endsWith(".runA");
        assertThat(drain(again)).containsExactly("agent agt-2 Disconnected {}", "agent agt-2 Connected {}");
    }

    @Test
    void anIdOfAnEarlierRunIsAResetEvenWhereItsNumbersLookRecent() throws Exception {
        LiveUpdates earlier = new LiveUpdates(RENDERER, 100, 100, "runOld");
        LiveUpdates.Subscription before = earlier.subscribe(filter(false, true), null);
        new AnnouncedAgentStore(registry, earlier).insert(agent("agt-1"));
        for (int i = 0; i < 5; i++) {
            earlier.agentChanged(registry.find("agt-1").orElseThrow());
        }
        List<LiveUpdates.Update> seenBefore = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            seenBefore.add(before.next(1, TimeUnit.SECONDS));
        }
        // The new run has announced a few changes already: their numbers are lower than the old id's.
        agents.recordConnected("agt-1", "0.1.0", facts(), T0);
        agents.recordDisconnected("agt-1", T0.plusSeconds(1));

        LiveUpdates.Subscription resumed = live.subscribe(filter(false, true),
                LiveUpdates.EventId.parse(seenBefore.get(5).id().toString()));

        List<String> got = drain(resumed);
        assertThat(got).hasSize(1);
        assertThat(got.get(0)).startsWith("reset");
        agents.setTags("agt-1", Map.of("role", "web"));
        assertThat(drain(resumed)).as("after the reset, the changes to come").containsExactly(
                "agent agt-1 Disconnected {role=web}");
    }

    @Test
    void aBatchOfConnectionsAndDisconnectionsAnnouncesEachAgentOnceWithItsNewestRecordInTheOrderFirstChanged()
            throws Exception {
        insert("agt-2");
        insert("agt-1");
        insert("agt-3");
        LiveUpdates.Subscription fleet = live.subscribe(filter(false, true), null);

        agents.recordPresence(List.of(
                new AgentStore.PresenceChange("agt-2", true, "0.1.0", facts(), T0),
                new AgentStore.PresenceChange("agt-1", true, "0.1.0", facts(), T0),
                new AgentStore.PresenceChange("agt-2", false, null, null, T0.plusSeconds(1)),
                new AgentStore.PresenceChange("agt-unknown", true, "0.1.0", facts(), T0)));

        assertThat(drain(fleet)).containsExactly(
                "agent agt-2 Disconnected {}",
                "agent agt-1 Connected {}");
    }

    @Test
    void idsParseWithAndWithoutTheirRun() {
        assertThat(LiveUpdates.EventId.parse("12.3.abc9")).isEqualTo(new LiveUpdates.EventId(12, 3, "abc9"));
        assertThat(LiveUpdates.EventId.parse("12.3")).isEqualTo(new LiveUpdates.EventId(12, 3, null));
        assertThat(LiveUpdates.EventId.parse("12")).isEqualTo(new LiveUpdates.EventId(12, Integer.MAX_VALUE, null));
        assertThat(LiveUpdates.EventId.parse("12.3.a-b")).isNull();
        assertThat(LiveUpdates.EventId.parse("12.3.a.b")).isNull();
        assertThat(LiveUpdates.EventId.parse("x.3")).isNull();
    }

    private void insert(String id) {
        agents.insert(agent(id));
    }

    private static Agent agent(String id) {
        return new Agent(id, id, Map.of(), "0.1.0", null, T0, T0, AgentState.DISCONNECTED, T0, null);
    }

    private static LiveUpdates.Filter filter(boolean deployments, boolean agents) {
        return new LiveUpdates.Filter(null, null, deployments, true, false, agents);
    }

    /** What the subscription holds now, as "TYPE JSON". */
    private static List<String> drain(LiveUpdates.Subscription subscription) throws InterruptedException {
        List<String> got = new ArrayList<>();
        for (LiveUpdates.Update update = subscription.next(0, TimeUnit.MILLISECONDS); update != null;
                update = subscription.next(0, TimeUnit.MILLISECONDS)) {
            got.add(update.type() + " " + update.json());
        }
        return got;
    }

    private static HostFacts facts() {
        return new HostFacts("web-1", "Linux", "6.1", "amd64", 2, 8_000, 4_000, 100, 0.5);
    }
}
