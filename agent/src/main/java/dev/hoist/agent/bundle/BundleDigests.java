package dev.hoist.agent.bundle;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Pattern;

/** SHA-256 as Hoist writes it: 64 lowercase hex digits. */
final class BundleDigests {

    private static final Pattern HEX_SHA256 = Pattern.compile("[0-9a-f]{64}");

    private BundleDigests() {
    }

    static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime provides SHA-256", e);
        }
    }

    static String hex(MessageDigest digest) {
        return HexFormat.of().formatHex(digest.digest());
    }

    /** The digest of a whole file, read once. */
    static String ofFile(Path file) throws IOException {
        MessageDigest digest = newSha256();
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = Files.newInputStream(file)) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                digest.update(buffer, 0, n);
            }
        }
        return hex(digest);
    }

    /**
     * Accepts an expected digest as hex in either case, optionally prefixed {@code sha256:}.
     *
     * @throws BundleException ({@code BUNDLE_DIGEST_MISMATCH}) when it is not a SHA-256 at all
     */
    static String parseExpected(String text) throws BundleException {
        String hex = text.trim().toLowerCase(Locale.ROOT);
        if (hex.startsWith("sha256:")) {
            hex = hex.substring("sha256:".length());
        }
        if (!HEX_SHA256.matcher(hex).matches()) {
            throw new BundleException(dev.hoist.protocol.deploy.FailureClass.BUNDLE_DIGEST_MISMATCH,
                    "the expected bundle digest '" + text + "' is not a SHA-256: it must be 64 hex digits");
        }
        return hex;
    }
}
