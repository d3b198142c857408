package dev.hoist.controller.bundles;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Revision bundles on disk, named by their SHA-256 ({@code <dir>/<first two hex digits>/<digest>}).
 * Content-addressed, so the same bundle pushed twice is stored once, and a stored file never
 * changes. A bundle becomes visible only complete: it is streamed to a temporary file, synced, and
 * renamed into place.
 */
public final class BundleStore {
    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");

    private final Path dir;

    public BundleStore(Path dir) throws IOException {
        this.dir = dir;
        Files.createDirectories(dir.resolve("tmp"));
    }

    /**
     * Streams {@code in} into the store, refusing more than {@code maxBytes}.
     *
     * @throws BundleTooLargeException when the stream goes past {@code maxBytes}; nothing is kept
     */
    public StoredBundle put(InputStream in, long maxBytes) throws IOException {
        Path temp = Files.createTempFile(dir.resolve("tmp"), "upload-", ".part");
        try {
            MessageDigest sha256 = sha256();
            long size = 0;
            try (OutputStream out = new DigestOutputStream(Files.newOutputStream(temp), sha256)) {
                byte[] buffer = new byte[64 * 1024];
                for (int n; (n = in.read(buffer)) != -1; ) {
                    size += n;
                    if (size > maxBytes) {
                        throw new BundleTooLargeException(maxBytes);
                    }
                    out.write(buffer, 0, n);
                }
            }
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            String digest = HexFormat.of().formatHex(sha256.digest());
            Path target = pathOf(digest);
            if (Files.exists(target)) {
                return new StoredBundle(digest, size, true);
            }
            Files.createDirectories(target.getParent());
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException raced) {
                return new StoredBundle(digest, size, true);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("the bundle store " + dir + " needs a file system with atomic renames", e);
            }
            return new StoredBundle(digest, size, false);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** The stored file for {@code sha256}, if the store holds it. */
    public Optional<Path> find(String sha256) {
        if (!SHA256_HEX.matcher(sha256).matches()) {
            return Optional.empty();
        }
        Path path = pathOf(sha256);
        return Files.isRegularFile(path) ? Optional.of(path) : Optional.empty();
    }

    /**
     * Removes the bundle stored under {@code sha256}: only for a bundle that this very upload stored and
     * that was then refused, so that nothing refused is kept.
     */
    public void remove(String sha256) throws IOException {
        if (SHA256_HEX.matcher(sha256).matches()) {
            Files.deleteIfExists(pathOf(sha256));
        }
    }

    private Path pathOf(String sha256) {
        return dir.resolve(sha256.substring(0, 2)).resolve(sha256);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /**
     * @param alreadyStored {@code true} when an identical bundle was stored before (nothing new written)
     */
    public record StoredBundle(String sha256, long sizeBytes, boolean alreadyStored) {
    }

    /** An upload went past the configured size limit. */
    public static final class BundleTooLargeException extends IOException {
        private static final long serialVersionUID = 1L;

        private final long limitBytes;

        public BundleTooLargeException(long limitBytes) {
            super("the bundle is larger than the upload limit of " + limitBytes + " bytes; "
                    + "raise bundles.maxUploadBytes in the controller's configuration or make the bundle smaller");
            this.limitBytes = limitBytes;
        }

        public long limitBytes() {
            return limitBytes;
        }
    }
}
