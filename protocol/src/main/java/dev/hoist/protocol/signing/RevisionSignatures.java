package dev.hoist.protocol.signing;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.regex.Pattern;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/**
 * What a revision signature covers and how it is made and checked: Ed25519 (Bouncy Castle) over
 * {@code "hoist-revision-signature-v1\n" + application + "\n" + sha256 + "\n"}, the bundle's digest as 64
 * lower-case hex digits. The application is part of it so that a bundle signed for one application cannot
 * be deployed as another. The signature travels as Base64 of its 64 bytes.
 *
 * <p>What it does not cover: which revision id, group or time; so an older signed bundle of the same
 * application verifies as well as the newest (docs/security.md).
 */
public final class RevisionSignatures {
    private static final String CONTEXT = "hoist-revision-signature-v1";
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    private RevisionSignatures() {
    }

    /** The exact bytes signed for {@code application}'s bundle with digest {@code sha256}. */
    public static byte[] message(String application, String sha256) {
        String digest = sha256.toLowerCase(Locale.ROOT);
        if (!SHA256.matcher(digest).matches()) {
            throw new IllegalArgumentException("a bundle digest is 64 hex digits, not '" + sha256 + "'");
        }
        if (application.isEmpty() || application.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("an application name is non-empty and on one line");
        }
        return (CONTEXT + "\n" + application + "\n" + digest + "\n").getBytes(StandardCharsets.UTF_8);
    }

    /** The Base64 signature of {@code application}'s bundle {@code sha256} with {@code key}. */
    public static String sign(Ed25519PrivateKeyParameters key, String application, String sha256) {
        byte[] message = message(application, sha256);
        Ed25519Signer signer = new Ed25519Signer();
        signer.init(true, key);
        signer.update(message, 0, message.length);
        return Base64.getEncoder().encodeToString(signer.generateSignature());
    }

    /**
     * Whether {@code signature} (Base64) is {@code key}'s signature of {@code application}'s bundle
     * {@code sha256}; {@code false} for anything malformed, never an exception.
     */
    public static boolean verify(Ed25519PublicKeyParameters key, String application, String sha256,
            String signature) {
        if (signature == null || signature.isBlank()) {
            return false;
        }
        byte[] raw;
        byte[] message;
        try {
            raw = Base64.getDecoder().decode(signature.strip());
            message = message(application, sha256);
        } catch (IllegalArgumentException e) {
            return false;
        }
        if (raw.length != Ed25519PrivateKeyParameters.SIGNATURE_SIZE) {
            return false;
        }
        Ed25519Signer verifier = new Ed25519Signer();
        verifier.init(false, key);
        verifier.update(message, 0, message.length);
        return verifier.verifySignature(raw);
    }

    /** Whether {@code signature} has the shape of one (Base64 of 64 bytes); says nothing of who made it. */
    public static boolean wellFormed(String signature) {
        try {
            return signature != null
                    && Base64.getDecoder().decode(signature.strip()).length == Ed25519PrivateKeyParameters.SIGNATURE_SIZE;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
