package dev.hoist.agent.identity;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

/** The agent's keys and certificate requests: ECDSA P-256, generated on this host; the key never leaves it. */
public final class CertificateRequests {
    private static final SecureRandom RANDOM = new SecureRandom();

    private CertificateRequests() {
    }

    public static KeyPair newKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM cannot generate ECDSA P-256 keys", e);
        }
    }

    /**
     * A DER PKCS#10 request for {@code keyPair}. The subject is only a hint: the controller chooses the
     * agent id and writes it into the certificate.
     */
    public static byte[] csr(KeyPair keyPair, String subjectHint) {
        try {
            return new JcaPKCS10CertificationRequestBuilder(new X500Name("CN=" + sanitize(subjectHint)),
                    keyPair.getPublic())
                    .build(new JcaContentSignerBuilder("SHA256withECDSA").build(keyPair.getPrivate()))
                    .getEncoded();
        } catch (OperatorCreationException | IOException e) {
            throw new IllegalStateException("building a certificate request failed", e);
        }
    }

    private static String sanitize(String hint) {
        String cleaned = hint.replaceAll("[^A-Za-z0-9._-]", "-");
        return cleaned.isEmpty() ? "hoist-agent" : cleaned.substring(0, Math.min(64, cleaned.length()));
    }
}
