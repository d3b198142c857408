package dev.hoist.agent.bundle;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.List;
import java.util.stream.Stream;

/**
 * Copies a directory bundle through a {@link SafeTreeWriter}, so a directory obeys the same rules as
 * an archive (no symlink out of the tree, no special files, the same limits).
 *
 * <p>A directory has no bytes of its own to digest, so its SHA-256 is taken over a canonical listing:
 * for every entry, depth first with names in sorted order, {@code type NUL path NUL mode NUL detail NUL},
 * where type is {@code D}, {@code F} or {@code L}, mode the permission bits in octal, and detail the
 * SHA-256 of a file's content or a link's target. Owners and times are left out: they change when a
 * directory is copied, and the revision does not.
 */
final class DirectoryBundleReader {

    private static final int BUFFER_SIZE = 64 * 1024;

    /** The digest of {@code source}'s listing, writing nothing. */
    String digest(Path source) throws BundleException {
        return walkAll(source, null, null);
    }

    /**
     * Copies {@code source} below {@code target}; returns the digest of its listing. A target inside
     * the source ({@code local --bundle . --deployment-root ./deployments}) is skipped, so the copy
     * never copies itself.
     */
    String copy(Path source, Path target, ExtractionLimits limits) throws BundleException {
        SafeTreeWriter writer = new SafeTreeWriter(target, new ExtractionBudget(limits, null));
        Object targetKey;
        try {
            targetKey = Files.readAttributes(target, PosixFileAttributes.class).fileKey();
        } catch (IOException e) {
            throw Refusals.cannotWrite(".", target, e);
        }
        String digest = walkAll(source, writer, targetKey);
        writer.finish();
        return digest;
    }

    private String walkAll(Path source, SafeTreeWriter writer, Object skippedKey) throws BundleException {
        MessageDigest listing = BundleDigests.newSha256();
        try {
            walk(source, "", listing, new Walk(writer, skippedKey));
        } catch (IOException e) {
            throw Refusals.unreadable("the directory", e);
        }
        return BundleDigests.hex(listing);
    }

    /** What a walk writes to (nothing when only digesting) and the one directory it leaves out. */
    private record Walk(SafeTreeWriter writer, Object skippedKey) {
    }

    private void walk(Path dir, String prefix, MessageDigest listing, Walk walk)
            throws BundleException, IOException {
        SafeTreeWriter writer = walk.writer();
        List<Path> children;
        try (Stream<Path> list = Files.list(dir)) {
            children = list.sorted((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString()))
                    .toList();
        }
        for (Path child : children) {
            String name = prefix + child.getFileName();
            PosixFileAttributes attributes =
                    Files.readAttributes(child, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (walk.skippedKey() != null && walk.skippedKey().equals(attributes.fileKey())) {
                continue;
            }
            int mode = mode(attributes);
            if (attributes.isSymbolicLink()) {
                String target = Files.readSymbolicLink(child).toString();
                record(listing, 'L', name, mode, target);
                if (writer != null) {
                    writer.symlink(name, target);
                }
            } else if (attributes.isDirectory()) {
                record(listing, 'D', name, mode, "");
                if (writer != null) {
                    writer.directory(name, mode, attributes.lastModifiedTime());
                }
                walk(child, name + "/", listing, walk);
            } else if (attributes.isRegularFile()) {
                MessageDigest content = BundleDigests.newSha256();
                try (InputStream in = new DigestInputStream(Files.newInputStream(child), content)) {
                    if (writer != null) {
                        writer.file(name, in, mode, attributes.lastModifiedTime());
                    } else {
                        in.transferTo(OutputStream.nullOutputStream());
                    }
                }
                record(listing, 'F', name, mode, BundleDigests.hex(content));
            } else {
                throw Refusals.entry(name, "is a special file (device, FIFO or socket);"
                        + " bundles may hold only files, directories and links");
            }
        }
    }

    private static void record(MessageDigest listing, char type, String name, int mode, String detail) {
        String line = type + "\0" + name + "\0" + Integer.toOctalString(mode) + "\0" + detail + "\0";
        listing.update(line.getBytes(StandardCharsets.UTF_8));
    }

    private static int mode(PosixFileAttributes attributes) {
        int mode = 0;
        for (PosixFilePermission permission : attributes.permissions()) {
            mode |= 1 << (8 - permission.ordinal());
        }
        return mode;
    }
}
