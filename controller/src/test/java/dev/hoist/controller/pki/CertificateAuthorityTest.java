package dev.hoist.controller.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CertificateAuthorityTest {
    private static final Instant NOW = Instant.parse("2030-01-01T00:00:00Z");
    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);

    @TempDir
    Path dir;

    @Test
    void createsTheCaOnceWithAnOwnerOnlyKeyAndLoadsItAfter() throws Exception {
        CertificateAuthority created = CertificateAuthority.loadOrCreate(dir.resolve("pki"), clock);
        CertificateAuthority loaded = CertificateAuthority.loadOrCreate(dir.resolve("pki"), clock);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("pki/ca.key"))))
                .isEqualTo("rw-------");
        assertThat(loaded.certificate()).isEqualTo(created.certificate());
        assertThat(loaded.pin()).isEqualTo(created.pin()).matches("sha256:[0-9a-f]{64}");
        assertThat(created.certificate().getBasicConstraints()).isZero();
        assertThat(loaded.trustAnchors()).containsExactly(created.certificate());
    }

    @Test
    void refusesAHalfPresentCaSayingWhichFileIsMissing() throws Exception {
        CertificateAuthority.loadOrCreate(dir, clock);
        Files.delete(dir.resolve("ca.crt"));

        assertThatThrownBy(() -> CertificateAuthority.loadOrCreate(dir, clock))
                .hasMessageContaining("ca.crt is missing");
    }

    @Test
    void aCsrCheckedOnceIsSignedForItsKeyWithoutBeingParsedAgain() throws Exception {
        CertificateAuthority ca = CertificateAuthority.loadOrCreate(dir, clock);
        KeyPair agentKey = CertificateAuthority.newKeyPair();
        CertificateAuthority.CheckedCsr checked = ca.checkCsr(csr(agentKey, "CN=host"));

        X509Certificate certificate = ca.signAgentCertificate(checked, "agt-00000000000000aa", Duration.ofDays(7));

        certificate.verify(ca.certificate().getPublicKey());
        assertThat(certificate.getPublicKey()).isEqualTo(agentKey.getPublic());
        assertThat(AgentCertificates.agentId(certificate)).contains("agt-00000000000000aa");
        assertThatThrownBy(() -> ca.checkCsr(new byte[] {1, 2, 3})).isInstanceOf(CsrRejectedException.class);
    }

    @Test
    void signsAnAgentCsrWithTheChosenIdInSubjectAndSan() throws Exception {
        CertificateAuthority ca = CertificateAuthority.loadOrCreate(dir, clock);
        KeyPair agentKey = CertificateAuthority.newKeyPair();

        X509Certificate certificate = ca.signAgentCertificate(csr(agentKey, "CN=whatever-the-agent-asks"),
                "agt-0123456789abcdef", Duration.ofDays(7));

        certificate.verify(ca.certificate().getPublicKey());
        assertThat(certificate.getPublicKey()).isEqualTo(agentKey.getPublic());
        assertThat(AgentCertificates.agentId(certificate)).contains("agt-0123456789abcdef");
        assertThat(certificate.getSubjectAlternativeNames())
                .containsExactly(List.of(6, "hoist://agent/agt-0123456789abcdef"));
        assertThat(certificate.getNotAfter().toInstant()).isEqualTo(NOW.plus(Duration.ofDays(7)));
        assertThat(certificate.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.2");
        assertThat(certificate.getBasicConstraints()).isEqualTo(-1);
    }

    @Test
    void refusesGarbageAForgedSignatureAndNonP256Keys() throws Exception {
        CertificateAuthority ca = CertificateAuthority.loadOrCreate(dir, clock);
        assertThatThrownBy(() -> ca.signAgentCertificate(new byte[] {1, 2, 3}, "agt-1", Duration.ofDays(1)))
                .isInstanceOf(CsrRejectedException.class).hasMessageContaining("not a DER-encoded PKCS#10");

        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        byte[] rsaCsr = csrSignedBy(rsa.generateKeyPair(), "SHA256withRSA");
        assertThatThrownBy(() -> ca.signAgentCertificate(rsaCsr, "agt-1", Duration.ofDays(1)))
                .isInstanceOf(CsrRejectedException.class).hasMessageContaining("P-256");

        byte[] forged = csr(CertificateAuthority.newKeyPair(), "CN=x");
        forged[forged.length - 5] ^= 0x5a; // inside the signature
        assertThatThrownBy(() -> ca.signAgentCertificate(forged, "agt-1", Duration.ofDays(1)))
                .isInstanceOf(CsrRejectedException.class);
    }

    @Test
    void issuesAGatewayCertificateForLocalNamesAndExtrasAndKeepsItWhileGood() throws Exception {
        CertificateAuthority ca = CertificateAuthority.loadOrCreate(dir, clock);

        GatewayCredentials first = ca.gatewayCredentials(List.of("hoist.example.org", "10.1.2.3"), Duration.ofDays(90));
        GatewayCredentials again = ca.gatewayCredentials(List.of("hoist.example.org"), Duration.ofDays(90));
        GatewayCredentials renamed = ca.gatewayCredentials(List.of("other.example.org"), Duration.ofDays(90));

        assertThat(first.certificate().getSubjectAlternativeNames()).extracting(name -> (Object) name.get(1))
                .contains("localhost", "127.0.0.1", "0:0:0:0:0:0:0:1", "hoist.example.org", "10.1.2.3");
        assertThat(first.chain()).containsExactly(first.certificate(), ca.certificate());
        assertThat(again.certificate()).isEqualTo(first.certificate());
        assertThat(renamed.certificate()).isNotEqualTo(first.certificate());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("gateway.key"))))
                .isEqualTo("rw-------");
    }

    @Test
    void trustsFurtherCasKeptForRotation() throws Exception {
        CertificateAuthority retired = CertificateAuthority.loadOrCreate(dir.resolve("old"), clock);
        Files.createDirectories(dir.resolve("new/trusted"));
        Files.copy(dir.resolve("old/ca.crt"), dir.resolve("new/trusted/old.crt"));

        CertificateAuthority current = CertificateAuthority.loadOrCreate(dir.resolve("new"), clock);

        assertThat(current.trustAnchors()).containsExactly(current.certificate(), retired.certificate());
        assertThat(current.pin()).isNotEqualTo(retired.pin());
    }

    static byte[] csr(KeyPair key, String subject) throws Exception {
        return new JcaPKCS10CertificationRequestBuilder(new X500Name(subject), key.getPublic())
                .build(new JcaContentSignerBuilder("SHA256withECDSA").build(key.getPrivate())).getEncoded();
    }

    private static byte[] csrSignedBy(KeyPair key, String algorithm) throws Exception {
        return new JcaPKCS10CertificationRequestBuilder(new X500Name("CN=rsa"), key.getPublic())
                .build(new JcaContentSignerBuilder(algorithm).build(key.getPrivate())).getEncoded();
    }
}
