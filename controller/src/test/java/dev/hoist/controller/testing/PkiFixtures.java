package dev.hoist.controller.testing;

import dev.hoist.controller.pki.CertificateAuthority;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Certificates for gateway tests, good and bad, as a JUnit 5 extension: the controller's CA, another CA,
 * and agent certificates that are valid, expired, not yet valid, or signed by the other CA. Register
 * with {@code @RegisterExtension static PkiFixtures pki = new PkiFixtures();}.
 */
public final class PkiFixtures implements BeforeAllCallback, AfterAllCallback {
    private Path dir;
    private CertificateAuthority ca;
    private CertificateAuthority otherCa;

    /** An agent's key and certificate. */
    public record AgentKeys(String agentId, KeyPair keyPair, X509Certificate certificate) {
    }

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        dir = Files.createTempDirectory("hoist-pki-fixtures");
        ca = CertificateAuthority.loadOrCreate(dir.resolve("ca"), Clock.systemUTC());
        otherCa = CertificateAuthority.loadOrCreate(dir.resolve("other-ca"), Clock.systemUTC());
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        }
    }

    /** The controller's CA (its directory also holds the gateway certificate once a gateway started). */
    public CertificateAuthority ca() {
        return ca;
    }

    public CertificateAuthority otherCa() {
        return otherCa;
    }

    public AgentKeys valid(String agentId) {
        return sign(ca, agentId, Duration.ofDays(7));
    }

    public AgentKeys expired(String agentId) {
        return sign(ca.withClock(Clock.offset(Clock.systemUTC(), Duration.ofDays(-30))), agentId, Duration.ofDays(7));
    }

    public AgentKeys notYetValid(String agentId) {
        return sign(ca.withClock(Clock.offset(Clock.systemUTC(), Duration.ofDays(30))), agentId, Duration.ofDays(7));
    }

    public AgentKeys fromOtherCa(String agentId) {
        return sign(otherCa, agentId, Duration.ofDays(7));
    }

    /** A DER PKCS#10 request for {@code keyPair}. */
    public static byte[] csr(KeyPair keyPair) {
        try {
            return new JcaPKCS10CertificationRequestBuilder(new X500Name("CN=test-host"), keyPair.getPublic())
                    .build(new JcaContentSignerBuilder("SHA256withECDSA").build(keyPair.getPrivate())).getEncoded();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static AgentKeys sign(CertificateAuthority authority, String agentId, Duration lifetime) {
        KeyPair keyPair = CertificateAuthority.newKeyPair();
        try {
            return new AgentKeys(agentId, keyPair, authority.signAgentCertificate(csr(keyPair), agentId, lifetime));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
