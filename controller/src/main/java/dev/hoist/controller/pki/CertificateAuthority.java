package dev.hoist.controller.pki;

import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;

/**
 * The controller's own certificate authority (ECDSA P-256). Its key stays in the data directory,
 * mode 0600, and is never sent anywhere. It signs the gateway certificate and every agent certificate.
 */
public final class CertificateAuthority {

    /**
     * Loads the CA from {@code pkiDir}, creating it (key 0600) on first start.
     *
     * @throws java.io.IOException when the files exist but cannot be read, with a message that says which
     */
    public static CertificateAuthority loadOrCreate(Path pkiDir, Clock clock) throws java.io.IOException {
        return new CertificateAuthority(); // placeholder until the PKI lands
    }

    /** {@code sha256:<hex>} of the CA certificate's SubjectPublicKeyInfo: what agents pin. */
    public String pin() {
        return "sha256:0000000000000000000000000000000000000000000000000000000000000000"; // placeholder
    }

    public X509Certificate certificate() {
        throw new UnsupportedOperationException("not yet implemented");
    }
}
