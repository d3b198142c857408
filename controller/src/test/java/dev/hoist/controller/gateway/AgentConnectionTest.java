package dev.hoist.controller.gateway;

import dev.hoist.agent.AgentAssembly;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hoist.agent.connection.ControllerConnection;
import dev.hoist.agent.connection.UnsupportedDeploymentMessages;
import dev.hoist.agent.identity.AgentCredentials;
import dev.hoist.agent.identity.ControllerAddress;
import dev.hoist.agent.identity.ControllerAddresses;
import dev.hoist.agent.identity.CredentialStore;
import dev.hoist.controller.core.AgentState;
import dev.hoist.controller.pki.AgentCertificates;
import dev.hoist.controller.testing.GatewayHarness;
import dev.hoist.controller.testing.PkiFixtures;
import dev.hoist.protocol.frame.FrameLimits;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The real agent connection loop against a real gateway: reconnect, renewal, obeying a refusal. */
class AgentConnectionTest {
    private static final Duration DEADLINE = Duration.ofSeconds(20);
    private static final ControllerConnection.Settings FAST = new ControllerConnection.Settings(
            FrameLimits.DEFAULT_MAX_FRAME_BYTES, Duration.ofMillis(50), Duration.ofMillis(400),
            Duration.ofSeconds(15), Duration.ofSeconds(5));

    @RegisterExtension
    static PkiFixtures pki = new PkiFixtures();

    @TempDir
    Path data;
    @TempDir
    Path stateDir;

    private GatewayHarness harness;
    private ControllerConnection connection;

    @BeforeEach
    void startGateway() throws Exception {
        harness = new GatewayHarness(pki, data);
    }

    @AfterEach
    void stopAll() throws Exception {
        if (connection != null) {
            connection.close();
        }
        harness.close();
    }

    private ControllerConnection agent(String agentId, Clock clock) throws Exception {
        return agent(agentId, clock, ControllerAddresses.of(new ControllerAddress("127.0.0.1", harness.port())));
    }

    private ControllerConnection agent(String agentId, Clock clock, ControllerAddresses controllers) throws Exception {
        PkiFixtures.AgentKeys keys = pki.valid(agentId);
        CredentialStore store = new CredentialStore(stateDir);
        AgentCredentials credentials = new AgentCredentials(agentId, controllers,
                keys.keyPair().getPrivate(), keys.certificate(), List.of(pki.ca().certificate()));
        store.save(credentials);
        connection = AgentAssembly.connection(store, credentials, clock, new UnsupportedDeploymentMessages(), FAST);
        return connection;
    }

    @Test
    void reconnectsAfterTheGatewayRestarts() throws Exception {
        harness.registerAgent("agt-loyal");
        ControllerConnection agent = agent("agt-loyal", Clock.systemUTC());
        agent.start();
        await().atMost(DEADLINE).until(agent::isConnected);
        // The registry's copy follows within the presence recorder's interval.
        await().atMost(DEADLINE).until(() -> harness.agents.find("agt-loyal").orElseThrow().state()
                == AgentState.CONNECTED);

        harness.stop();
        await().atMost(DEADLINE).until(() -> !agent.isConnected());
        assertThat(harness.agents.find("agt-loyal").orElseThrow().state()).isEqualTo(AgentState.DISCONNECTED);
        harness.start();

        await().atMost(DEADLINE).until(() -> agent.isConnected() && harness.gateway().isConnected("agt-loyal"));
        await().atMost(DEADLINE).until(() -> harness.agents.find("agt-loyal").orElseThrow().state()
                == AgentState.CONNECTED);
        assertThat(harness.agents.find("agt-loyal").orElseThrow().facts().cpuCount()).isPositive();
    }

    @Test
    void withSeveralControllersItMovesToTheNextWhenItsControllerGoesAwayAndPassesOneThatIsDown() throws Exception {
        Path otherData = data.resolve("other");
        java.nio.file.Files.createDirectories(otherData);
        try (GatewayHarness other = new GatewayHarness(pki, otherData)) {
            harness.registerAgent("agt-roaming");
            other.registerAgent("agt-roaming");
            int first = harness.port();
            int down = unusedPort();
            ControllerConnection agent = agent("agt-roaming", Clock.systemUTC(), new ControllerAddresses(List.of(
                    new ControllerAddress("127.0.0.1", first), new ControllerAddress("127.0.0.1", down),
                    new ControllerAddress("127.0.0.1", other.port()))));
            agent.start();
            await().atMost(DEADLINE).until(() -> harness.gateway().isConnected("agt-roaming"));

            harness.stop();
            // Next in turn is the address where nothing listens; then the other controller.
            await().atMost(DEADLINE).until(() -> other.gateway().isConnected("agt-roaming") && agent.isConnected());
            assertThat(new CredentialStore(stateDir).load().controllers().toString())
                    .isEqualTo("127.0.0.1:" + first + ",127.0.0.1:" + down + ",127.0.0.1:" + other.port());
        }
    }

    private static int unusedPort() throws java.io.IOException {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Test
    void renewsAtTwoThirdsOfTheLifeAndUsesTheNewCertificateNextTime() throws Exception {
        harness.registerAgent("agt-renewer");
        // Five days into a seven-day certificate: past two thirds, so the agent renews once connected.
        ControllerConnection agent = agent("agt-renewer", Clock.offset(Clock.systemUTC(), Duration.ofDays(5)));
        var first = new CredentialStore(stateDir).load().certificate();
        agent.start();

        await().atMost(DEADLINE).until(() -> !agent.credentials().certificate().equals(first));
        var renewed = agent.credentials().certificate();
        assertThat(AgentCertificates.agentId(renewed)).contains("agt-renewer");
        renewed.verify(pki.ca().certificate().getPublicKey());
        assertThat(renewed.getPublicKey()).as("a new key for every renewal").isNotEqualTo(first.getPublicKey());
        assertThat(renewed.getNotAfter()).isAfterOrEqualTo(first.getNotAfter());
        assertThat(new CredentialStore(stateDir).load().certificate()).isEqualTo(renewed);

        harness.gateway().disconnect("agt-renewer", "test: make the agent reconnect");
        // The agent may be back within one poll interval, so wait for the second handshake itself.
        await().atMost(DEADLINE).until(() -> harness.meter("handshakes.ok") == 2 && agent.isConnected());
    }

    @Test
    void stopsForGoodWhenTheControllerSaysStop() throws Exception {
        // A valid certificate for an agent this controller has no record of: HelloRefused{STOP}.
        ControllerConnection agent = agent("agt-forgotten", Clock.systemUTC());

        int status = agent.start().get(DEADLINE.toSeconds(), TimeUnit.SECONDS);

        assertThat(status).isEqualTo(ControllerConnection.EXIT_STOPPED_BY_CONTROLLER);
        assertThat(harness.meter("refusals.unknown_agent")).isEqualTo(1);
    }
}
