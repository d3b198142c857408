package dev.hoist.agent.identity;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The CA pin an agent enrolls with: {@code sha256:} and the hex SHA-256 of the CA certificate's
 * SubjectPublicKeyInfo, as {@code hoist token create} prints it.
 */
public record CaPin(String value) {
    private static final Pattern FORMAT = Pattern.compile("sha256:[0-9a-f]{64}");

    public CaPin {
        value = value.strip().toLowerCase(Locale.ROOT);
        if (!FORMAT.matcher(value).matches()) {
            throw new IllegalArgumentException("'" + value + "' is not a CA pin: expected sha256: followed by 64 hex "
                    + "digits, as 'hoist token create' prints it");
        }
    }

    /** The pin of {@code certificate}'s public key. */
    public static CaPin of(X509Certificate certificate) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(certificate.getPublicKey().getEncoded());
            return new CaPin("sha256:" + HexFormat.of().formatHex(digest));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    public boolean matches(X509Certificate certificate) {
        return equals(of(certificate));
    }

    @Override
    public String toString() {
        return value;
    }
}
