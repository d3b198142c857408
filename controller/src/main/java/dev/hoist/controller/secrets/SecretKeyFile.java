package dev.hoist.controller.secrets;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Set;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The controller's secrets key: 32 random bytes, base64 on one line (what {@code openssl rand -base64 32}
 * writes). The configured file must exist; without one, {@code secrets.key} in the data directory is used,
 * created with mode 0600 on first start. Losing the key loses every secret (they must be set again);
 * keep it out of database backups and back it up apart from them.
 */
final class SecretKeyFile {
    static final String DEFAULT_NAME = "secrets.key";
    private static final Logger LOG = LoggerFactory.getLogger(SecretKeyFile.class);
    private static final int KEY_BYTES = 32;

    private SecretKeyFile() {
    }

    /**
     * @param configured the file named by {@code secrets.keyFile}, or {@code null}
     */
    static SecretKey load(Path configured, Path dataDir) throws IOException {
        Path file = configured != null ? configured : dataDir.resolve(DEFAULT_NAME);
        if (configured == null && !Files.exists(file)) {
            create(file);
        } else if (!Files.exists(file)) {
            throw new IOException("secrets.keyFile " + file + " does not exist; create it with "
                    + "'(umask 077; openssl rand -base64 32 > " + file + ")' or remove the setting to use "
                    + dataDir.resolve(DEFAULT_NAME));
        }
        warnIfOthersCanRead(file);
        String text = Files.readString(file, StandardCharsets.US_ASCII).trim();
        byte[] key;
        try {
            key = Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new IOException("the secrets key file " + file + " is not base64; it must hold 32 random bytes "
                    + "in base64 on one line ('openssl rand -base64 32')");
        }
        if (key.length != KEY_BYTES) {
            throw new IOException("the secrets key file " + file + " holds " + key.length + " bytes; it must hold "
                    + KEY_BYTES + " ('openssl rand -base64 32')");
        }
        return new SecretKeySpec(key, "AES");
    }

    private static void create(Path file) throws IOException {
        byte[] key = new byte[KEY_BYTES];
        new SecureRandom().nextBytes(key);
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (FileAlreadyExistsException e) {
            return; // another start made it first
        }
        Files.writeString(file, Base64.getEncoder().encodeToString(key) + "\n", StandardCharsets.US_ASCII,
                StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
        LOG.info("Created the secrets key {} (mode 0600); back it up apart from the database: without it the "
                + "group secrets cannot be read", file);
    }

    private static void warnIfOthersCanRead(Path file) {
        try {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
            if (permissions.contains(PosixFilePermission.GROUP_READ) || permissions.contains(PosixFilePermission.OTHERS_READ)) {
                LOG.warn("The secrets key {} can be read by other users ({}); chmod 600 it",
                        file, PosixFilePermissions.toString(permissions));
            }
        } catch (IOException | UnsupportedOperationException e) {
            LOG.debug("Cannot read the permissions of {}", file, e);
        }
    }
}
