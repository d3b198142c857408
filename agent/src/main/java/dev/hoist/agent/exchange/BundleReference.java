package dev.hoist.agent.exchange;

/**
 * The revision bundle a {@link Deploy} names: the agent fetches it by digest only.
 *
 * @param sha256 hex digest, as sent (checked before use)
 * @param sizeBytes the size the controller announced, 0 when unknown
 * @param type {@code tar}, {@code tgz} or {@code zip}, as sent
 * @param commit the source commit, empty when unknown
 * @param url a short-lived presigned URL of the bundle in the controller's object store, empty when none:
 *     fetched directly first, the controller's connection is the fallback
 * @param signature Base64 Ed25519 signature of the bundle's digest with the application name, empty when the
 *     revision is unsigned; checked against the host's trusted keys, if it has any
 */
public record BundleReference(String sha256, long sizeBytes, String type, String commit, String url,
        String signature) {

    public BundleReference {
        signature = signature == null ? "" : signature;
    }

    public BundleReference(String sha256, long sizeBytes, String type, String commit) {
        this(sha256, sizeBytes, type, commit, "", "");
    }

    public BundleReference(String sha256, long sizeBytes, String type, String commit, String url) {
        this(sha256, sizeBytes, type, commit, url, "");
    }
}
