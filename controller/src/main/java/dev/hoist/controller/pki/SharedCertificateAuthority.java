package dev.hoist.controller.pki;

import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Clock;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The CA of several controllers on one database: its certificate and sealed key are in the store, so
 * that every controller signs and verifies with the same CA. The first controller to start stores one (the
 * CA already in its data directory, so that agents enrolled before keep working, or a new one); the
 * others find it. Two controllers starting at once both try, and the store keeps only the first.
 */
public final class SharedCertificateAuthority {
    /** Associated data of the sealed key: it opens only as the CA's key. */
    static final String CONTEXT = "hoist CA key";
    private static final Logger LOG = LoggerFactory.getLogger(SharedCertificateAuthority.class);

    private SharedCertificateAuthority() {
    }

    /**
     * The shared CA, stored first if there is none.
     *
     * @param keyEncryptionKeyFile the file {@code pki.keyEncryptionKeyFile} names
     * @param pkiDir this controller's PKI directory: its gateway credentials, extra trust anchors, and a
     *     CA of its own from a single-controller past, moved into the store when the store has none
     * @throws IOException when the key file is missing or malformed, or does not open the stored key,
     *     saying which and what to do
     */
    public static CertificateAuthority loadOrCreate(SharedAuthorityStore store, Path keyEncryptionKeyFile,
            Path pkiDir, Clock clock) throws IOException {
        KeyEncryptionKey kek = KeyEncryptionKey.load(keyEncryptionKeyFile);
        Optional<SharedAuthorityStore.Stored> stored = store.find();
        boolean ownInData = CertificateAuthority.existsIn(pkiDir);
        if (stored.isEmpty()) {
            CertificateAuthority candidate = ownInData
                    ? CertificateAuthority.loadOrCreate(pkiDir, clock)
                    : CertificateAuthority.generate(pkiDir, clock);
            SharedAuthorityStore.Stored sealed = new SharedAuthorityStore.Stored(
                    PemFiles.toPem(candidate.certificate()), kek.seal(candidate.privateKey().getEncoded(), CONTEXT));
            if (store.insertIfAbsent(sealed, clock.instant())) {
                LOG.info("Stored {} CA {} in the database, its key sealed with {} (pin {})",
                        ownInData ? "the data directory's" : "a new", candidate.certificate().getSubjectX500Principal()
                                .getName(), kek.file(), candidate.pin());
                return candidate;
            }
            stored = store.find();
            if (stored.isEmpty()) {
                throw new IllegalStateException("the store refused the CA as taken but holds none");
            }
        }
        X509Certificate certificate = PemFiles.parseCertificate(stored.get().certificatePem());
        PrivateKey key = privateKey(kek.open(stored.get().sealedKey(), CONTEXT));
        requireMatching(key, certificate);
        CertificateAuthority ca = CertificateAuthority.of(pkiDir, key, certificate, clock);
        if (ownInData) {
            CertificateAuthority own = CertificateAuthority.loadOrCreate(pkiDir, clock);
            if (!own.certificate().equals(certificate)) {
                LOG.warn("The CA in {} (pin {}) is not the one in the database (pin {}); the database's is used. "
                        + "Agents enrolled with the other one are refused until they enroll again, unless its "
                        + "ca.crt is copied to {} on every controller", pkiDir, own.pin(), ca.pin(),
                        pkiDir.resolve(CertificateAuthority.TRUSTED_DIR));
            }
        }
        LOG.info("Loaded the shared CA {} from the database (pin {})",
                certificate.getSubjectX500Principal().getName(), ca.pin());
        return ca;
    }

    private static PrivateKey privateKey(byte[] pkcs8) throws IOException {
        try {
            return KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
        } catch (GeneralSecurityException e) {
            throw new IOException("the CA key in the database is not an EC key in PKCS#8 form: " + e.getMessage(), e);
        }
    }

    /** A key that does not sign for the certificate would issue certificates nobody accepts. */
    private static void requireMatching(PrivateKey key, X509Certificate certificate) throws IOException {
        try {
            byte[] probe = "hoist".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            Signature signer = Signature.getInstance("SHA256withECDSA");
            signer.initSign(key);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance("SHA256withECDSA");
            verifier.initVerify(certificate.getPublicKey());
            verifier.update(probe);
            if (!verifier.verify(signature)) {
                throw new IOException("the CA key in the database does not belong to the CA certificate stored "
                        + "beside it; the row is damaged. Restore it from a backup");
            }
        } catch (GeneralSecurityException e) {
            throw new IOException("the CA key in the database cannot be checked: " + e.getMessage(), e);
        }
    }
}
