package dev.hoist.agent.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CredentialStoreTest {
    @TempDir
    Path state;

    @Test
    void savedCredentialsLoadBackAndTheKeyStaysOwnerOnly() throws Exception {
        KeyPair ca = keyPair();
        KeyPair agent = keyPair();
        X509Certificate caCertificate = certificate("CN=Hoist CA", ca, ca);
        X509Certificate agentCertificate = certificate("CN=agt-1", agent, ca);
        CredentialStore store = new CredentialStore(state);

        store.save(new AgentCredentials("agt-1", ControllerAddress.parse("ctl.example.com:8443"), agent.getPrivate(),
                agentCertificate, List.of(caCertificate)));
        AgentCredentials loaded = store.load();

        assertThat(loaded.agentId()).isEqualTo("agt-1");
        assertThat(loaded.certificate()).isEqualTo(agentCertificate);
        assertThat(loaded.caCertificates()).containsExactly(caCertificate);
        assertThat(signsFor(loaded, agent)).isTrue();
        Path keyFile;
        try (var files = Files.list(state)) {
            keyFile = files.filter(f -> f.getFileName().toString().endsWith(".key")).findFirst().orElseThrow();
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile))).isEqualTo("rw-------");
        assertThat(Files.readString(keyFile)).startsWith("-----BEGIN PRIVATE KEY-----\n");
    }

    @Test
    void severalControllersAreKeptInTheStateInTheirOrder() throws Exception {
        KeyPair ca = keyPair();
        KeyPair agent = keyPair();
        CredentialStore store = new CredentialStore(state);
        ControllerAddresses controllers = ControllerAddresses.parse("ctl-a.example.com:8443,ctl-b.example.com:8443");

        store.save(new AgentCredentials("agt-1", controllers, agent.getPrivate(), certificate("CN=agt-1", agent, ca),
                List.of(certificate("CN=Hoist CA", ca, ca))));

        assertThat(store.load().controllers()).isEqualTo(controllers);
        assertThat(Files.readString(state.resolve(CredentialStore.STATE_FILE)))
                .contains("ctl-a.example.com:8443,ctl-b.example.com:8443");
        // A renewal keeps them.
        assertThat(store.load().renewed(agent.getPrivate(), store.load().certificate(), List.of()).controllers())
                .isEqualTo(controllers);
    }

    @Test
    void aKeyWrittenByEarlierAgentsWithBouncyCastleStillLoads() throws Exception {
        KeyPair ca = keyPair();
        KeyPair agent = keyPair();
        CredentialStore store = new CredentialStore(state);
        store.save(new AgentCredentials("agt-1", ControllerAddress.parse("ctl.example.com:8443"), agent.getPrivate(),
                certificate("CN=agt-1", agent, ca), List.of(certificate("CN=Hoist CA", ca, ca))));
        Path keyFile;
        try (var files = Files.list(state)) {
            keyFile = files.filter(f -> f.getFileName().toString().endsWith(".key")).findFirst().orElseThrow();
        }
        StringWriter old = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(old)) {
            writer.writeObject(new JcaPKCS8Generator(agent.getPrivate(), null).generate());
        }
        Files.writeString(keyFile, old.toString(), StandardCharsets.US_ASCII);

        assertThat(signsFor(store.load(), agent)).isTrue();
    }

    @Test
    void aDamagedKeyFileIsRefusedWithWhatToDo() throws Exception {
        KeyPair ca = keyPair();
        KeyPair agent = keyPair();
        CredentialStore store = new CredentialStore(state);
        store.save(new AgentCredentials("agt-1", ControllerAddress.parse("ctl.example.com:8443"), agent.getPrivate(),
                certificate("CN=agt-1", agent, ca), List.of(certificate("CN=Hoist CA", ca, ca))));
        try (var files = Files.list(state)) {
            Path keyFile = files.filter(f -> f.getFileName().toString().endsWith(".key")).findFirst().orElseThrow();
            Files.writeString(keyFile, "-----BEGIN PRIVATE KEY-----\nnot base64 at all!\n-----END PRIVATE KEY-----\n");
        }

        assertThatThrownBy(store::load).isInstanceOf(IOException.class)
                .hasMessageContaining("cannot be decoded").hasMessageContaining("enroll this agent again");
    }

    private static boolean signsFor(AgentCredentials credentials, KeyPair expected) throws Exception {
        Signature signer = Signature.getInstance("SHA256withECDSA");
        signer.initSign(credentials.privateKey());
        signer.update(new byte[] {1, 2, 3});
        byte[] signature = signer.sign();
        Signature verifier = Signature.getInstance("SHA256withECDSA");
        verifier.initVerify(expected.getPublic());
        verifier.update(new byte[] {1, 2, 3});
        return verifier.verify(signature);
    }

    private static KeyPair keyPair() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    private static X509Certificate certificate(String subject, KeyPair subjectKeys, KeyPair issuerKeys)
            throws Exception {
        Instant now = Instant.now();
        var builder = new JcaX509v3CertificateBuilder(new X500Name("CN=Hoist CA"), BigInteger.valueOf(now.toEpochMilli()),
                Date.from(now.minus(1, ChronoUnit.HOURS)), Date.from(now.plus(1, ChronoUnit.DAYS)), new X500Name(subject),
                subjectKeys.getPublic());
        return new JcaX509CertificateConverter().getCertificate(
                builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKeys.getPrivate())));
    }
}
