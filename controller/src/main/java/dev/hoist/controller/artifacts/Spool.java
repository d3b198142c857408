package dev.hoist.controller.artifacts;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * Streams an upload into a temporary file, hashing it and counting it as it goes, then syncs it: the one
 * way both backends take bytes in, so the size limit and the digest check are the same everywhere.
 */
final class Spool {
    private Spool() {
    }

    /** @return the digest and size of what was written to {@code temp} */
    static BlobStore.Stored write(InputStream in, Path temp, long maxBytes, String expectedSha256)
            throws IOException {
        MessageDigest sha256 = Sha256.newDigest();
        long size = 0;
        try (OutputStream out = new DigestOutputStream(Files.newOutputStream(temp), sha256)) {
            byte[] buffer = new byte[64 * 1024];
            for (int n; (n = in.read(buffer)) != -1; ) {
                size += n;
                if (size > maxBytes) {
                    throw new BlobStore.BlobTooLargeException(maxBytes);
                }
                out.write(buffer, 0, n);
            }
        }
        try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
        String digest = HexFormat.of().formatHex(sha256.digest());
        if (expectedSha256 != null && !expectedSha256.equals(digest)) {
            throw new BlobStore.BlobDigestMismatchException(expectedSha256, digest);
        }
        return new BlobStore.Stored(digest, size, false);
    }
}
