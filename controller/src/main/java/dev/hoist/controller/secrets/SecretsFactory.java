package dev.hoist.controller.secrets;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import org.jdbi.v3.core.Jdbi;

/**
 * {@code secrets:} in the controller's configuration: where the key that seals the groups' secret
 * variables is. Without {@code keyFile}, {@code secrets.key} in the data directory (created on first start).
 */
public final class SecretsFactory {
    @JsonProperty
    private String keyFile;

    public String getKeyFile() {
        return keyFile;
    }

    public void setKeyFile(String keyFile) {
        this.keyFile = keyFile;
    }

    /**
     * The groups' secrets over the store, checked at once: a controller whose key does not open a stored
     * secret refuses to start rather than fail deployments later.
     */
    public HookSecrets build(Jdbi jdbi, Path dataDir, Clock clock) throws IOException {
        Path configured = keyFile == null || keyFile.isBlank() ? null : Path.of(keyFile);
        HookSecrets secrets = new HookSecrets(new JdbiGroupSecretStore(jdbi),
                new SecretSealer(SecretKeyFile.load(configured, dataDir)), clock);
        secrets.checkAllReadable();
        return secrets;
    }

    /** A sealer with the same key, for other secrets the controller keeps (source repositories' credentials). */
    public SecretSealer sealer(Path dataDir) throws IOException {
        Path configured = keyFile == null || keyFile.isBlank() ? null : Path.of(keyFile);
        return new SecretSealer(SecretKeyFile.load(configured, dataDir));
    }
}
