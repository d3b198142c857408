package dev.hoist.controller.secrets;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * Seals a secret value with AES-256-GCM: a fresh 96-bit nonce per value, a 128-bit tag, and the group id
 * and name as associated data, so that a sealed value copied to another row does not open there. The
 * sealed form is {@code v1:} and the base64 of nonce, ciphertext and tag. Other capabilities (source
 * repositories' credentials) seal with it too, with their own associated data.
 */
public final class SecretSealer {
    private static final String PREFIX = "v1:";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final SecretKey key;
    private final SecureRandom random = new SecureRandom();

    SecretSealer(SecretKey key) {
        this.key = key;
    }

    public String seal(String groupId, String name, String value) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(associatedData(groupId, name));
            byte[] sealed = cipher.doFinal(value.getBytes(StandardCharsets.UTF_8));
            byte[] all = new byte[NONCE_BYTES + sealed.length];
            System.arraycopy(nonce, 0, all, 0, NONCE_BYTES);
            System.arraycopy(sealed, 0, all, NONCE_BYTES, sealed.length);
            return PREFIX + Base64.getEncoder().encodeToString(all);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available in this JVM", e);
        }
    }

    /** The value, or an exception that says the key does not open it (another key, or a damaged row). */
    public String open(String groupId, String name, String sealed) throws UnreadableSecretException {
        if (!sealed.startsWith(PREFIX)) {
            throw new UnreadableSecretException("it is not in the v1 sealed form");
        }
        byte[] all;
        try {
            all = Base64.getDecoder().decode(sealed.substring(PREFIX.length()));
        } catch (IllegalArgumentException e) {
            throw new UnreadableSecretException("it is not base64");
        }
        if (all.length < NONCE_BYTES + TAG_BITS / 8) {
            throw new UnreadableSecretException("it is too short");
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, all, 0, NONCE_BYTES));
            cipher.updateAAD(associatedData(groupId, name));
            byte[] plain = cipher.doFinal(all, NONCE_BYTES, all.length - NONCE_BYTES);
            return new String(plain, StandardCharsets.UTF_8);
        } catch (AEADBadTagException e) {
            throw new UnreadableSecretException("the secrets key does not open it (another key, or a damaged row)");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available in this JVM", e);
        }
    }

    private static byte[] associatedData(String groupId, String name) {
        return (groupId + "\u0000" + name).getBytes(StandardCharsets.UTF_8);
    }

    /** A sealed value this key cannot open. */
    public static final class UnreadableSecretException extends Exception {
        private static final long serialVersionUID = 1L;

        UnreadableSecretException(String message) {
            super(message, null, false, false);
        }
    }
}
