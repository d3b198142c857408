package dev.hoist.controller.source;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A webhook's signature as GitHub sends it: {@code X-Hub-Signature-256: sha256=<hex>}, the HMAC-SHA256 of the
 * request body with the shared secret, in lower-case hex (upper case is accepted). Compared in constant time.
 */
public final class WebhookSignature {
    public static final String HEADER = "X-Hub-Signature-256";
    private static final String PREFIX = "sha256=";

    /** Why a signature was not accepted. */
    public enum Verdict {
        VALID,
        /** No header, or not in the {@code sha256=<64 hex digits>} form. */
        MALFORMED,
        /** Well formed, but not the body's HMAC with this secret. */
        MISMATCH
    }

    private WebhookSignature() {
    }

    /** The header value for {@code body} signed with {@code secret}: {@code sha256=<hex>}. */
    public static String sign(String secret, byte[] body) {
        return PREFIX + HexFormat.of().formatHex(hmac(secret, body));
    }

    public static Verdict verify(String secret, byte[] body, String header) {
        if (header == null) {
            return Verdict.MALFORMED;
        }
        String value = header.strip();
        if (!value.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
            return Verdict.MALFORMED;
        }
        String hex = value.substring(PREFIX.length()).toLowerCase(Locale.ROOT);
        if (hex.length() != 64 || !hex.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
            return Verdict.MALFORMED;
        }
        byte[] given = HexFormat.of().parseHex(hex);
        return MessageDigest.isEqual(given, hmac(secret, body)) ? Verdict.VALID : Verdict.MISMATCH;
    }

    private static byte[] hmac(String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
        }
    }
}
