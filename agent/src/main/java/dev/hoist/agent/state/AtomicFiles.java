package dev.hoist.agent.state;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Writes files that must survive a crash whole or not at all: the new content goes to a temporary file
 * beside the target, is forced to disk, and is renamed over the target; then the directory is forced so
 * the rename itself is durable. A reader sees either the old file or the new one, never a mix.
 *
 * <p>{@link #replace} and {@link #remove} are the same without forcing anything to disk: still whole or
 * not at all for any reader and across a crash of the process (the kernel keeps what was written), but a
 * crash of the machine may bring back an older version. For state that only matters while the host's
 * processes live, at a tenth of the cost or less (each force is a disk flush: 2 to 20 ms here).
 */
public final class AtomicFiles {

    private AtomicFiles() {
    }

    /** Replaces {@code target} with {@code text} (UTF-8), creating its parent directories. */
    public static void write(Path target, String text) throws IOException {
        write(target, text.getBytes(StandardCharsets.UTF_8));
    }

    /** Replaces {@code target} with {@code text} (UTF-8) in {@code mode}; see {@link #write(Path, byte[], Set)}. */
    public static void write(Path target, String text, Set<PosixFilePermission> mode) throws IOException {
        write(target, text.getBytes(StandardCharsets.UTF_8), mode);
    }

    /** Replaces {@code target} with {@code bytes}, creating its parent directories. */
    public static void write(Path target, byte[] bytes) throws IOException {
        write(target, bytes, null);
    }

    /**
     * Replaces {@code target} with {@code bytes}; the file has {@code mode} from its first byte (so a key
     * is never readable by others, even briefly), or the default mode when {@code mode} is null.
     */
    public static void write(Path target, byte[] bytes, Set<PosixFilePermission> mode) throws IOException {
        write(target, bytes, mode, true);
    }

    /** Replaces {@code target} with {@code text} (UTF-8) without forcing it to disk; see the class comment. */
    public static void replace(Path target, String text) throws IOException {
        write(target, text.getBytes(StandardCharsets.UTF_8), null, false);
    }

    private static void write(Path target, byte[] bytes, Set<PosixFilePermission> mode, boolean durable)
            throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        String prefix = "." + target.getFileName() + ".";
        Path temp = mode == null
                ? Files.createTempFile(dir, prefix, ".tmp")
                : Files.createTempFile(dir, prefix, ".tmp", PosixFilePermissions.asFileAttribute(mode));
        try {
            if (mode == null) {
                // createTempFile makes owner-only files; an ordinary state file gets the usual mode.
                Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-r--r--"));
            }
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                if (durable) {
                    channel.force(true);
                }
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temp);
        }
        if (durable) {
            forceDirectory(dir);
        }
    }

    /** Deletes {@code target} if present and makes the deletion durable. */
    public static void delete(Path target) throws IOException {
        if (Files.deleteIfExists(target)) {
            forceDirectory(target.toAbsolutePath().getParent());
        }
    }

    /** Deletes {@code target} if present, without forcing the deletion to disk; see the class comment. */
    public static void remove(Path target) throws IOException {
        Files.deleteIfExists(target);
    }

    private static void forceDirectory(Path dir) {
        // Linux lets a directory be opened read-only and fsync'ed; elsewhere this is best effort.
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException ignored) {
            // not every file system supports it; the rename is still atomic
        }
    }
}
