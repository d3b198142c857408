package dev.hoist.protocol.signing;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.bouncycastle.crypto.util.PublicKeyFactory;
import org.bouncycastle.crypto.util.SubjectPublicKeyInfoFactory;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemReader;

/**
 * Ed25519 keys as PEM files, as OpenSSL writes them: {@code openssl genpkey -algorithm ed25519} a private
 * key ({@code PRIVATE KEY}, PKCS#8), {@code openssl pkey -pubout} its public key ({@code PUBLIC KEY},
 * SubjectPublicKeyInfo). A key is named by its id, {@code ed25519:} and the first 16 bytes (hex) of the
 * SHA-256 of its SubjectPublicKeyInfo.
 */
public final class SigningKeys {

    private SigningKeys() {
    }

    /** Thrown for a file that is not the kind of key asked for; the message says what it is instead. */
    public static final class KeyException extends Exception {
        private static final long serialVersionUID = 1L;

        public KeyException(String message) {
            super(message);
        }
    }

    public static Ed25519PrivateKeyParameters readPrivate(Path file) throws KeyException {
        PemObject pem = pem(file, "PRIVATE KEY", "a private key (openssl genpkey -algorithm ed25519 -out KEY.pem)");
        AsymmetricKeyParameter key;
        try {
            key = PrivateKeyFactory.createKey(pem.getContent());
        } catch (IOException | RuntimeException e) {
            throw new KeyException(file + ": the private key cannot be read (" + e.getMessage() + ")");
        }
        if (!(key instanceof Ed25519PrivateKeyParameters ed25519)) {
            throw new KeyException(file + ": the key is not an Ed25519 key; make one with "
                    + "openssl genpkey -algorithm ed25519 -out KEY.pem");
        }
        return ed25519;
    }

    public static Ed25519PublicKeyParameters readPublic(Path file) throws KeyException {
        PemObject pem = pem(file, "PUBLIC KEY", "a public key (openssl pkey -in KEY.pem -pubout -out PUB.pem)");
        return publicKey(pem.getContent(), file.toString());
    }

    /** The public key from its SubjectPublicKeyInfo in Base64 (the body of its PEM file). */
    public static Ed25519PublicKeyParameters publicFromBase64(String base64) throws KeyException {
        byte[] der;
        try {
            der = Base64.getMimeDecoder().decode(base64.strip());
        } catch (IllegalArgumentException e) {
            throw new KeyException("the public key is not Base64");
        }
        return publicKey(der, "the public key");
    }

    /** The SubjectPublicKeyInfo of {@code key} in Base64, as the body of its PEM file. */
    public static String publicToBase64(Ed25519PublicKeyParameters key) {
        return Base64.getEncoder().encodeToString(spki(key));
    }

    /** {@code ed25519:} and 32 hex digits: the first half of the SHA-256 of the key's SubjectPublicKeyInfo. */
    public static String keyId(Ed25519PublicKeyParameters key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(spki(key));
            return "ed25519:" + HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }

    private static byte[] spki(Ed25519PublicKeyParameters key) {
        try {
            return SubjectPublicKeyInfoFactory.createSubjectPublicKeyInfo(key).getEncoded();
        } catch (IOException e) {
            throw new IllegalStateException("an Ed25519 public key always encodes", e);
        }
    }

    private static Ed25519PublicKeyParameters publicKey(byte[] der, String where) throws KeyException {
        AsymmetricKeyParameter key;
        try {
            key = PublicKeyFactory.createKey(der);
        } catch (IOException | RuntimeException e) {
            throw new KeyException(where + ": the public key cannot be read (" + e.getMessage() + ")");
        }
        if (!(key instanceof Ed25519PublicKeyParameters ed25519)) {
            throw new KeyException(where + ": the key is not an Ed25519 public key");
        }
        return ed25519;
    }

    private static PemObject pem(Path file, String type, String expected) throws KeyException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new KeyException("cannot read " + file + ": " + e);
        }
        PemObject pem;
        try (PemReader reader = new PemReader(new StringReader(text))) {
            pem = reader.readPemObject();
        } catch (IOException | RuntimeException e) {
            throw new KeyException(file + ": not a PEM file (" + e.getMessage() + "); expected " + expected);
        }
        if (pem == null) {
            throw new KeyException(file + ": no PEM block in it; expected " + expected);
        }
        if (!type.equals(pem.getType())) {
            throw new KeyException(file + ": holds a '" + pem.getType() + "', not a '" + type + "'; expected "
                    + expected);
        }
        return pem;
    }
}
