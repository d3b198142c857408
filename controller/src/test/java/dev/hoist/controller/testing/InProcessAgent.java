package dev.hoist.controller.testing;

import dev.hoist.agent.AgentAssembly;
import dev.hoist.agent.connection.ControllerConnection;
import dev.hoist.agent.deploy.AgentDeployments;
import dev.hoist.agent.identity.AgentCredentials;
import dev.hoist.agent.identity.ControllerAddress;
import dev.hoist.agent.identity.CredentialStore;
import dev.hoist.agent.lifecycle.EngineSettings;
import dev.hoist.protocol.frame.FrameLimits;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * The real agent, in this JVM: its deployment work ({@link AgentDeployments}) behind its real
 * connection loop, enrolled with a certificate of the test CA, as {@code hoist-agent run} wires them.
 */
public final class InProcessAgent implements AutoCloseable {
    private static final ControllerConnection.Settings FAST = new ControllerConnection.Settings(
            FrameLimits.DEFAULT_MAX_FRAME_BYTES, Duration.ofMillis(50), Duration.ofMillis(400),
            Duration.ofSeconds(15), Duration.ofSeconds(5));

    public final String agentId;
    public final Path stateDir;
    private final AgentDeployments deployments;
    private final ControllerConnection connection;

    private InProcessAgent(String agentId, Path stateDir, AgentDeployments deployments,
            ControllerConnection connection) {
        this.agentId = agentId;
        this.stateDir = stateDir;
        this.deployments = deployments;
        this.connection = connection;
    }

    /** Registers the agent with the harness's store and starts it, recovering what a previous run left. */
    public static InProcessAgent start(GatewayHarness harness, PkiFixtures pki, String agentId, Path stateDir)
            throws Exception {
        if (harness.agents.find(agentId).isEmpty()) {
            harness.registerAgent(agentId);
        }
        PkiFixtures.AgentKeys keys = pki.valid(agentId);
        CredentialStore store = new CredentialStore(stateDir);
        AgentCredentials credentials = new AgentCredentials(agentId, new ControllerAddress("127.0.0.1", harness.port()),
                keys.keyPair().getPrivate(), keys.certificate(), List.of(pki.ca().certificate()));
        store.save(credentials);
        AgentDeployments.Settings settings = new AgentDeployments.Settings(100, 10_000, Duration.ofMillis(50), 256,
                1 << 20, 1L << 20, Duration.ofSeconds(30), new EngineSettings());
        AgentDeployments deployments = AgentAssembly.deployments(stateDir, stateDir.resolve("deployments"),
                Clock.systemUTC(), settings);
        deployments.recoverAfterRestart();
        ControllerConnection connection = AgentAssembly.connection(store, credentials, Clock.systemUTC(), deployments,
                FAST);
        connection.start();
        return new InProcessAgent(agentId, stateDir, deployments, connection);
    }

    public boolean isConnected() {
        return connection.isConnected();
    }

    public List<String> pendingCommandIds() {
        return deployments.pendingCommandIds();
    }

    @Override
    public void close() {
        connection.close();
        deployments.close();
    }
}
