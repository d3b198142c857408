package dev.hoist.controller.pki;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;

/**
 * {@code pki:} in the controller's configuration. Without {@code keyEncryptionKeyFile}, the CA lives in
 * {@code <data>/pki} (one controller). With it, the CA lives in the database, its key sealed with the key
 * in that file, so that several controllers on one PostgreSQL share it ({@link SharedCertificateAuthority}).
 */
public final class PkiFactory {
    @JsonProperty
    private String keyEncryptionKeyFile;

    public String getKeyEncryptionKeyFile() {
        return keyEncryptionKeyFile;
    }

    public void setKeyEncryptionKeyFile(String keyEncryptionKeyFile) {
        this.keyEncryptionKeyFile = keyEncryptionKeyFile;
    }

    /** Whether the CA is kept in the database, shared by every controller on it. */
    public boolean isShared() {
        return keyEncryptionKeyFile != null && !keyEncryptionKeyFile.isBlank();
    }

    /** The CA this controller signs and verifies with; see the class comment for where it comes from. */
    public CertificateAuthority build(SharedAuthorityStore store, Path pkiDir, Clock clock) throws IOException {
        if (!isShared()) {
            return CertificateAuthority.loadOrCreate(pkiDir, clock);
        }
        return SharedCertificateAuthority.loadOrCreate(store, Path.of(keyEncryptionKeyFile), pkiDir, clock);
    }
}
