package dev.hoist.controller.artifacts;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Content-addressed storage for every artifact Hoist keeps: revision bundles today, build outputs, build
 * caches and pipeline artifacts as those arrive. A blob is named by the SHA-256 of its bytes, so the same
 * bytes are stored once and a stored blob never changes.
 *
 * <p>Contract for every backend:
 * <ul>
 *   <li>{@link #put} streams the bytes in, hashing as it goes, and refuses them (keeping nothing) when they
 *       pass the size limit or do not match the digest the caller expected. A blob becomes visible to
 *       {@link #size}, {@link #open} and {@link #list} only once it is complete.</li>
 *   <li>{@link #open} streams the bytes out from any offset; nothing holds a whole blob in memory.</li>
 *   <li>{@link #delete} is idempotent.</li>
 * </ul>
 */
public interface BlobStore extends AutoCloseable {
    Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");

    /**
     * Streams {@code in} into the store.
     *
     * @param maxBytes the most bytes accepted
     * @param expectedSha256 the digest the bytes must have, or null to take whatever they hash to
     * @throws BlobTooLargeException past {@code maxBytes}; nothing is kept
     * @throws BlobDigestMismatchException when the bytes do not hash to {@code expectedSha256}; nothing is kept
     * @throws BlobStoreUnavailableException when the backend refuses or cannot be reached; nothing is kept
     */
    Stored put(InputStream in, long maxBytes, String expectedSha256) throws IOException;

    /** The size of the blob, or empty when the store holds no complete blob under {@code sha256}. */
    Optional<Long> size(String sha256) throws IOException;

    default boolean exists(String sha256) throws IOException {
        return size(sha256).isPresent();
    }

    /**
     * Bytes {@code [offset, offset + length)} of the blob, or to its end when {@code length} is negative.
     *
     * @throws BlobNotFoundException when the store holds no such blob
     */
    InputStream open(String sha256, long offset, long length) throws IOException;

    /** Removes the blob; {@code false} when there was none. */
    boolean delete(String sha256) throws IOException;

    /** Every complete blob, in no particular order (for retention: what nothing refers to any more). */
    void list(Consumer<BlobInfo> each) throws IOException;

    /**
     * A URL any HTTP client may fetch the blob from until {@code ttl} passes, when the backend can give one
     * (an object store's presigned URL); empty otherwise, and agents take the bytes over their connection.
     */
    default Optional<URI> presignedGet(String sha256, Duration ttl) {
        return Optional.empty();
    }

    /** Where the blobs are, for messages: a directory, or {@code s3 endpoint/bucket/prefix}. */
    String location();

    @Override
    default void close() {
    }

    static boolean isDigest(String sha256) {
        return sha256 != null && SHA256_HEX.matcher(sha256).matches();
    }

    /**
     * @param alreadyStored {@code true} when the store held these bytes before (nothing new written)
     */
    record Stored(String sha256, long sizeBytes, boolean alreadyStored) {
    }

    /** @param storedAt when the blob was written, for the grace period of unreferenced blobs */
    record BlobInfo(String sha256, long sizeBytes, Instant storedAt) {
    }

    /** An upload went past its size limit. */
    final class BlobTooLargeException extends IOException {
        private static final long serialVersionUID = 1L;

        private final long limitBytes;

        public BlobTooLargeException(long limitBytes) {
            super("the upload is larger than the limit of " + limitBytes + " bytes");
            this.limitBytes = limitBytes;
        }

        public long limitBytes() {
            return limitBytes;
        }
    }

    /** The bytes put did not hash to the digest the caller named. */
    final class BlobDigestMismatchException extends IOException {
        private static final long serialVersionUID = 1L;

        public BlobDigestMismatchException(String expected, String actual) {
            super("the bytes received have SHA-256 " + actual + ", not the expected " + expected
                    + "; nothing was stored");
        }
    }

    /** The store holds no blob under the digest asked for. */
    final class BlobNotFoundException extends IOException {
        private static final long serialVersionUID = 1L;

        public BlobNotFoundException(String sha256, String location) {
            super("the artifact store (" + location + ") holds no blob with SHA-256 " + sha256);
        }
    }

    /** The backend cannot be reached or refused a request: the message names where and why. */
    final class BlobStoreUnavailableException extends IOException {
        private static final long serialVersionUID = 1L;

        public BlobStoreUnavailableException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
