package dev.hoist.controller.pki;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Set;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The key that seals the CA's private key in the database ({@code pki.keyEncryptionKeyFile}): 32 random
 * bytes, base64 on one line, the same file on every controller. It is never stored in the database, so a
 * copy of the database alone does not give away the CA. Sealing is AES-256-GCM with a fresh 96-bit nonce
 * and a 128-bit tag; the sealed form is {@code v1:} and the base64 of nonce, ciphertext and tag.
 */
final class KeyEncryptionKey {
    private static final Logger LOG = LoggerFactory.getLogger(KeyEncryptionKey.class);
    private static final String PREFIX = "v1:";
    private static final int KEY_BYTES = 32;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKey key;
    private final Path file;

    private KeyEncryptionKey(SecretKey key, Path file) {
        this.key = key;
        this.file = file;
    }

    /** @throws IOException when the file is missing or does not hold 32 bytes in base64, saying how to make one */
    static KeyEncryptionKey load(Path file) throws IOException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.US_ASCII).trim();
        } catch (NoSuchFileException e) {
            throw new IOException("pki.keyEncryptionKeyFile " + file + " does not exist. On the first controller "
                    + "create it with '(umask 077; openssl rand -base64 32 > " + file + ")' and copy the same file "
                    + "to every other controller");
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new IOException("pki.keyEncryptionKeyFile " + file + " is not base64; it must hold 32 random "
                    + "bytes in base64 on one line ('openssl rand -base64 32')");
        }
        if (bytes.length != KEY_BYTES) {
            throw new IOException("pki.keyEncryptionKeyFile " + file + " holds " + bytes.length
                    + " bytes; it must hold " + KEY_BYTES + " ('openssl rand -base64 32')");
        }
        warnIfOthersCanRead(file);
        return new KeyEncryptionKey(new SecretKeySpec(bytes, "AES"), file);
    }

    Path file() {
        return file;
    }

    /** Seals {@code plain}, bound to {@code context} (associated data: a sealed value opens only there). */
    String seal(byte[] plain, String context) {
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(plain);
            byte[] all = new byte[NONCE_BYTES + sealed.length];
            System.arraycopy(nonce, 0, all, 0, NONCE_BYTES);
            System.arraycopy(sealed, 0, all, NONCE_BYTES, sealed.length);
            return PREFIX + Base64.getEncoder().encodeToString(all);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available in this JVM", e);
        }
    }

    /** @throws IOException when this key does not open {@code sealed}: another key file, or a damaged row */
    byte[] open(String sealed, String context) throws IOException {
        byte[] all = null;
        if (sealed.startsWith(PREFIX)) {
            try {
                all = Base64.getDecoder().decode(sealed.substring(PREFIX.length()));
            } catch (IllegalArgumentException e) {
                all = null;
            }
        }
        if (all == null || all.length < NONCE_BYTES + TAG_BITS / 8) {
            throw new IOException("the sealed " + context + " in the database is not in the v1 sealed form; "
                    + "the row is damaged");
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, all, 0, NONCE_BYTES));
            cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
            return cipher.doFinal(all, NONCE_BYTES, all.length - NONCE_BYTES);
        } catch (AEADBadTagException e) {
            throw new IOException("pki.keyEncryptionKeyFile " + file + " does not open the " + context
                    + " stored in the database: every controller on one database needs a copy of the same key "
                    + "file as the controller that created the CA");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available in this JVM", e);
        }
    }

    private static void warnIfOthersCanRead(Path file) {
        try {
            Set<PosixFilePermission> mode = Files.getPosixFilePermissions(file);
            if (mode.contains(PosixFilePermission.GROUP_READ) || mode.contains(PosixFilePermission.OTHERS_READ)) {
                LOG.warn("pki.keyEncryptionKeyFile {} can be read by other users ({}); chmod 600 it", file,
                        PosixFilePermissions.toString(mode));
            }
        } catch (IOException | UnsupportedOperationException e) {
            LOG.debug("Cannot read the permissions of {}", file, e);
        }
    }
}
