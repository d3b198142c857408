package dev.hoist.controller.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hoist.controller.core.AgentState;
import dev.hoist.controller.testing.GatewayHarness;
import dev.hoist.controller.testing.PkiFixtures;
import dev.hoist.controller.testing.PkiFixtures.AgentKeys;
import dev.hoist.controller.testing.RawAgentClient;
import dev.hoist.protocol.v1.Envelope;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Only a valid, unrevoked certificate of this controller's CA gets past the TLS handshake. */
class GatewayHandshakeTest {
    private static final Duration DEADLINE = Duration.ofSeconds(10);

    @RegisterExtension
    static PkiFixtures pki = new PkiFixtures();

    @TempDir
    Path data;

    private GatewayHarness harness;

    @BeforeEach
    void startGateway() throws Exception {
        harness = new GatewayHarness(pki, data);
    }

    @AfterEach
    void stopGateway() throws Exception {
        harness.close();
    }

    @Test
    void connectionsBeyondTheHandshakeBoundAreClosedAtOnceAndComeInOnceASlotIsFree() throws Exception {
        AgentGatewayFactory config = new AgentGatewayFactory();
        config.setPort(0);
        config.setMaxHandshakesInFlight(1);
        try (GatewayHarness bounded = new GatewayHarness(pki, data.resolve("bounded"), config)) {
            bounded.registerAgent("agt-good");
            try (Socket silent = new Socket("127.0.0.1", bounded.port())) {
                // Says nothing: its handshake is under way for as long as it stays open, holding the one slot.
                await().atMost(DEADLINE).until(() -> bounded.gauge("handshakes.in-flight") == 1);

                try (RawAgentClient shed = RawAgentClient.connect(bounded.port(), pki.valid("agt-good"))) {
                    assertThat(shed.closedWithin(DEADLINE)).isTrue();
                }
                assertThat(bounded.meter("handshakes.shed")).isEqualTo(1);
                assertThat(bounded.meter("handshakes.ok")).isZero();
            }

            await().atMost(DEADLINE).until(() -> bounded.gauge("handshakes.in-flight") == 0);
            try (RawAgentClient admitted = RawAgentClient.connect(bounded.port(), pki.valid("agt-good"))) {
                admitted.sendHello("agt-good");
                assertThat(admitted.next(DEADLINE).getHelloAccepted().getAgentId()).isEqualTo("agt-good");
            }
            assertThat(bounded.gauge("handshakes.in-flight")).isZero();
        }
    }

    @Test
    void aValidCertificateIsAcceptedAndTheAgentRecordedConnected() throws Exception {
        harness.registerAgent("agt-good");
        try (RawAgentClient client = RawAgentClient.connect(harness.port(), pki.valid("agt-good"))) {
            client.sendHello("agt-good");

            Envelope answer = client.next(DEADLINE);
            assertThat(answer.getHelloAccepted().getAgentId()).isEqualTo("agt-good");
            assertThat(answer.getHelloAccepted().getProtocolVersion()).isEqualTo(1);
            assertThat(harness.gateway().isConnected("agt-good")).isTrue();
            // The registry's copy follows within the presence recorder's interval.
            await().atMost(DEADLINE).until(() -> harness.agents.find("agt-good").orElseThrow().state()
                    == AgentState.CONNECTED);
            assertThat(harness.agents.find("agt-good").orElseThrow().hostname()).isEqualTo("raw-agt-good");
        }
        await().atMost(DEADLINE).until(() -> harness.agents.find("agt-good").orElseThrow().state()
                == AgentState.DISCONNECTED);
        assertThat(harness.meter("handshakes.ok")).isEqualTo(1);
    }

    @Test
    void noClientCertificateIsRefused() throws Exception {
        assertRefused(null);
    }

    @Test
    void anotherCasCertificateIsRefused() throws Exception {
        harness.registerAgent("agt-other");
        assertRefused(pki.fromOtherCa("agt-other"));
    }

    @Test
    void anExpiredCertificateIsRefused() throws Exception {
        harness.registerAgent("agt-expired");
        assertRefused(pki.expired("agt-expired"));
    }

    @Test
    void aNotYetValidCertificateIsRefused() throws Exception {
        harness.registerAgent("agt-future");
        assertRefused(pki.notYetValid("agt-future"));
    }

    @Test
    void aRevokedAgentsCertificateIsRefused() throws Exception {
        harness.registerAgent("agt-revoked");
        harness.revoke("agt-revoked");
        assertRefused(pki.valid("agt-revoked"));
    }

    /** TLS 1.3: the client may finish its side first; the server's refusal then closes before any answer. */
    private void assertRefused(AgentKeys keys) throws Exception {
        try (RawAgentClient client = RawAgentClient.connect(harness.port(), keys)) {
            client.sendHello(keys == null ? "" : keys.agentId());

            await().atMost(DEADLINE).until(() -> !client.isOpen());
            assertThat(client.next(Duration.ZERO)).isNull();
        }
        assertThat(harness.meter("handshakes.failed")).isEqualTo(1);
        assertThat(harness.meter("handshakes.ok")).isZero();
        assertThat(harness.gateway().connectedCount()).isZero();
    }
}
