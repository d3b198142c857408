package dev.hoist.controller.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import dev.hoist.controller.core.AgentState;
import dev.hoist.controller.pki.AgentCertificates;
import dev.hoist.controller.pki.CertificateAuthority;
import dev.hoist.controller.testing.GatewayHarness;
import dev.hoist.controller.testing.PkiFixtures;
import dev.hoist.controller.testing.RawAgentClient;
import dev.hoist.protocol.v1.Envelope;
import dev.hoist.protocol.v1.Hello;
import dev.hoist.protocol.v1.HelloRefused;
import dev.hoist.protocol.v1.RenewRequest;
import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** An authenticated agent session: identity, refusals, revocation, bad frames, renewal. */
class GatewaySessionTest {
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
    void revocationClosesTheLiveConnectionAndTheNextHandshakeIsRefused() throws Exception {
        try (RawAgentClient client = harness.connectAccepted("agt-doomed", DEADLINE)) {
            harness.revoke("agt-doomed");

            HelloRefused told = client.next(DEADLINE).getHelloRefused();
            assertThat(told.getCode()).as("the agent is told why, so it stops its work").isEqualTo("REVOKED");
            assertThat(told.getAction()).isEqualTo(HelloRefused.Action.STOP);
            await().atMost(DEADLINE).until(() -> !client.isOpen());
        }
        assertThat(harness.gateway().isConnected("agt-doomed")).isFalse();
        await().atMost(DEADLINE).until(() ->
                harness.agents.find("agt-doomed").orElseThrow().state() == AgentState.REVOKED);
        try (RawAgentClient again = RawAgentClient.connect(harness.port(), pki.valid("agt-doomed"))) {
            again.sendHello("agt-doomed");
            await().atMost(DEADLINE).until(() -> !again.isOpen());
            assertThat(again.next(Duration.ZERO)).isNull();
        }
    }

    /** Hostile-probe finding 10: facts the store cannot hold are refused with the cause, once. */
    @Test
    void oversizedFactsAreRefusedWithTheCauseAndTheAgentToldToStop() throws Exception {
        harness.registerAgent("agt-verbose");
        try (RawAgentClient client = RawAgentClient.connect(harness.port(), pki.valid("agt-verbose"))) {
            client.send(Envelope.newBuilder().setSeq(1).setHello(Hello.newBuilder().addProtocolVersions(1)
                    .setAgentVersion("test").setAgentId("agt-verbose").setFacts(dev.hoist.protocol.v1.HostFacts
                            .newBuilder().setHostname("verbose").setOsName("o".repeat(200))
                            .setOsVersion("v".repeat(200)).setCpuCount(2))).build());

            HelloRefused refused = client.next(DEADLINE).getHelloRefused();
            assertThat(refused.getCode()).isEqualTo("FACTS_INVALID");
            assertThat(refused.getReason()).contains("OS name and version have 401 characters", "at most 255");
            assertThat(refused.getAction()).as("not 'retry later' forever").isEqualTo(HelloRefused.Action.STOP);
        }
    }

    @Test
    void aMessageNamingAnotherAgentIsRefusedAndTheConnectionStays() throws Exception {
        try (RawAgentClient client = harness.connectAccepted("agt-honest", DEADLINE)) {
            client.sendHeartbeat(2, "agt-someone-else");

            Envelope refusal = client.next(DEADLINE);
            assertThat(refusal.getRefusal().getCode()).isEqualTo("IDENTITY_MISMATCH");
            assertThat(refusal.getRefusal().getRefusedSeq()).isEqualTo(2);
            assertThat(refusal.getRefusal().getMessage()).contains("agt-someone-else", "agt-honest");
            assertThat(client.isOpen()).isTrue();
            assertThat(harness.meter("refusals.identity_mismatch")).isEqualTo(1);
        }
    }

    /** Hostile-probe finding 10: a handshake with a connected agent's certificate does not cut that agent off. */
    @Test
    void aSecondConnectionWithTheSameCertificateReplacesTheLiveOneOnlyOnceItsHelloIsAccepted() throws Exception {
        try (RawAgentClient live = harness.connectAccepted("agt-twin", DEADLINE);
                RawAgentClient twin = RawAgentClient.connect(harness.port(), pki.valid("agt-twin"))) {
            // Answered only after the controller has authenticated the twin's handshake.
            twin.sendHeartbeat(1, "agt-twin");
            assertThat(twin.next(DEADLINE).getRefusal().getCode()).isEqualTo("PROTOCOL_ERROR");

            live.sendHeartbeat(2, "agt-someone-else");
            assertThat(live.next(DEADLINE).getRefusal().getCode()).as("the live connection is still served")
                    .isEqualTo("IDENTITY_MISMATCH");
            assertThat(live.isOpen()).isTrue();

            twin.sendHello("agt-twin");
            assertThat(twin.next(DEADLINE).getHelloAccepted().getAgentId()).isEqualTo("agt-twin");
            assertThat(live.closedWithin(DEADLINE)).as("replaced once the new Hello is accepted").isTrue();
            assertThat(twin.isOpen()).isTrue();
        }
    }

    @Test
    void aHelloNamingAnotherAgentIsRefusedForGood() throws Exception {
        harness.registerAgent("agt-a");
        try (RawAgentClient client = RawAgentClient.connect(harness.port(), pki.valid("agt-a"))) {
            client.sendHello("agt-b");

            HelloRefused refused = client.next(DEADLINE).getHelloRefused();
            assertThat(refused.getCode()).isEqualTo("IDENTITY_MISMATCH");
            assertThat(refused.getAction()).isEqualTo(HelloRefused.Action.STOP);
            await().atMost(DEADLINE).until(() -> !client.isOpen());
        }
        assertThat(harness.agents.find("agt-a").orElseThrow().state()).isEqualTo(AgentState.DISCONNECTED);
    }

    @Test
    void anAgentWithoutACommonProtocolVersionIsToldToUpgrade() throws Exception {
        harness.registerAgent("agt-old");
        try (RawAgentClient client = RawAgentClient.connect(harness.port(), pki.valid("agt-old"))) {
            client.send(Envelope.newBuilder().setSeq(1).setHello(Hello.newBuilder().addProtocolVersions(7)).build());

            HelloRefused refused = client.next(DEADLINE).getHelloRefused();
            assertThat(refused.getCode()).isEqualTo("PROTOCOL_UNSUPPORTED");
            assertThat(refused.getAction()).isEqualTo(HelloRefused.Action.UPGRADE);
            assertThat(refused.getSupportedProtocolVersionsList()).containsExactly(1);
        }
    }

    @Test
    void anEnvelopeWithoutABodyIsRefusedAsUnknown() throws Exception {
        try (RawAgentClient client = harness.connectAccepted("agt-curious", DEADLINE)) {
            client.send(Envelope.newBuilder().setSeq(5).build());

            Envelope refusal = client.next(DEADLINE);
            assertThat(refusal.getRefusal().getCode()).isEqualTo("UNKNOWN_MESSAGE");
            assertThat(refusal.getRefusal().getRefusedSeq()).isEqualTo(5);
        }
    }

    @Test
    void anOversizedFrameClosesOnlyThatConnection() throws Exception {
        try (RawAgentClient bystander = harness.connectAccepted("agt-bystander", DEADLINE);
                RawAgentClient offender = harness.connectAccepted("agt-offender", DEADLINE)) {
            offender.sendRaw(ByteBuffer.allocate(8).putInt(64 * 1024 * 1024).putInt(0).array());

            await().atMost(DEADLINE).until(() -> !offender.isOpen());
            assertStillServed(bystander);
            assertThat(harness.meter("frame-errors.oversized")).isEqualTo(1);
        }
    }

    @Test
    void aGarbageFrameClosesOnlyThatConnection() throws Exception {
        try (RawAgentClient bystander = harness.connectAccepted("agt-bystander", DEADLINE);
                RawAgentClient offender = harness.connectAccepted("agt-offender", DEADLINE)) {
            offender.sendRaw(new byte[] {0, 0, 0, 4, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff});

            await().atMost(DEADLINE).until(() -> !offender.isOpen());
            assertStillServed(bystander);
            assertThat(harness.meter("frame-errors.undecodable")).isEqualTo(1);
        }
    }

    @Test
    void aRenewalSignsANewKeyForTheSameAgent() throws Exception {
        try (RawAgentClient client = harness.connectAccepted("agt-renewing", DEADLINE)) {
            KeyPair newKey = CertificateAuthority.newKeyPair();
            client.send(Envelope.newBuilder().setSeq(2).setRenewRequest(RenewRequest.newBuilder()
                    .setCsrDer(ByteString.copyFrom(PkiFixtures.csr(newKey))).setAgentId("agt-renewing")).build());

            var response = client.next(DEADLINE).getRenewResponse();
            assertThat(response.getOk()).isTrue();
            X509Certificate renewed = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(response.getCertificateDer().toByteArray()));
            assertThat(renewed.getPublicKey()).isEqualTo(newKey.getPublic());
            assertThat(AgentCertificates.agentId(renewed)).contains("agt-renewing");
            renewed.verify(pki.ca().certificate().getPublicKey());
            assertThat(response.getCaCertificatesDerList()).hasSize(1);
        }
    }

    private void assertStillServed(RawAgentClient bystander) throws Exception {
        assertThat(bystander.isOpen()).isTrue();
        bystander.send(Envelope.newBuilder().setSeq(9).build());
        assertThat(bystander.next(DEADLINE).getRefusal().getRefusedSeq()).isEqualTo(9);
        assertThat(harness.gateway().isConnected("agt-bystander")).isTrue();
    }
}
