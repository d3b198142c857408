package dev.hoist.cli.bundle;

import dev.hoist.cli.ExitCodes;
import dev.hoist.cli.client.CliFailure;
import dev.hoist.protocol.appspec.BundleAppSpecCheck;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;

/**
 * A directory to push as a revision: its entries in a fixed order (sorted by path), checked with the
 * same AppSpec check the controller and the agent use, then packed as a tar.gz that keeps file modes
 * and symlinks. Owners are not kept (the AppSpec's {@code permissions} set them on the host), so the
 * same tree packs to the same bytes on any machine and is stored once by the controller.
 */
public final class SourceDirectory {
    private final Path root;
    private final List<Entry> entries;

    private SourceDirectory(Path root, List<Entry> entries) {
        this.root = root;
        this.entries = entries;
    }

    /** @throws CliFailure when {@code dir} is not a readable directory or holds something a bundle cannot */
    public static SourceDirectory scan(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new CliFailure("--source " + dir + " is not a directory; give the directory that holds "
                    + "appspec.yml", ExitCodes.USAGE);
        }
        Path root = dir.toAbsolutePath().normalize();
        List<Entry> entries = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path path : walk.filter(p -> !p.equals(root)).sorted(Comparator.comparing(p -> relative(root, p)))
                    .toList()) {
                entries.add(entry(root, path));
            }
        } catch (IOException | UncheckedIOException e) {
            throw new CliFailure("cannot read " + root + ": " + e.getMessage(), ExitCodes.REFUSED);
        }
        return new SourceDirectory(root, entries);
    }

    /** The AppSpec check of this tree, exactly as the controller will run it on the uploaded bundle. */
    public BundleAppSpecCheck.Result check() {
        Set<String> paths = new TreeSet<>();
        Map<String, byte[]> candidates = new HashMap<>();
        for (Entry entry : entries) {
            paths.add(entry.type == TarConstants.LF_DIR ? entry.name + "/" : entry.name);
            if (entry.type == TarConstants.LF_NORMAL && BundleAppSpecCheck.isAppSpecCandidate(entry.name)) {
                try {
                    candidates.put(entry.name, Files.readAllBytes(root.resolve(entry.name)));
                } catch (IOException e) {
                    throw new CliFailure("cannot read " + root.resolve(entry.name) + ": " + e.getMessage(),
                            ExitCodes.REFUSED);
                }
            }
        }
        return new BundleAppSpecCheck().check(paths, candidates);
    }

    /** Packs the tree into {@code target} as tar.gz. */
    public void packTo(Path target) {
        try (OutputStream file = Files.newOutputStream(target);
                TarArchiveOutputStream tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(file))) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            for (Entry entry : entries) {
                TarArchiveEntry tarEntry = new TarArchiveEntry(
                        entry.type == TarConstants.LF_DIR ? entry.name + "/" : entry.name, entry.type);
                tarEntry.setMode(entry.mode);
                tarEntry.setModTime(FileTime.fromMillis(entry.modified.toMillis() / 1000 * 1000));
                if (entry.type == TarConstants.LF_SYMLINK) {
                    tarEntry.setLinkName(entry.linkTarget);
                }
                if (entry.type == TarConstants.LF_NORMAL) {
                    tarEntry.setSize(entry.size);
                }
                tar.putArchiveEntry(tarEntry);
                if (entry.type == TarConstants.LF_NORMAL) {
                    try (InputStream in = Files.newInputStream(root.resolve(entry.name))) {
                        copyExactly(in, tar, entry.size, entry.name);
                    }
                }
                tar.closeArchiveEntry();
            }
        } catch (IOException e) {
            throw new CliFailure("cannot pack " + root + " into " + target + ": " + e.getMessage(), ExitCodes.REFUSED);
        }
    }

    public Path root() {
        return root;
    }

    public int entryCount() {
        return entries.size();
    }

    private static Entry entry(Path root, Path path) throws IOException {
        String name = relative(root, path);
        PosixFileAttributes attributes = Files.readAttributes(path, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        int mode = mode(attributes.permissions());
        FileTime modified = attributes.lastModifiedTime();
        if (attributes.isSymbolicLink()) {
            return new Entry(name, TarConstants.LF_SYMLINK, 0777, 0, modified,
                    Files.readSymbolicLink(path).toString());
        }
        if (attributes.isDirectory()) {
            return new Entry(name, TarConstants.LF_DIR, mode, 0, modified, null);
        }
        if (attributes.isRegularFile()) {
            return new Entry(name, TarConstants.LF_NORMAL, mode, attributes.size(), modified, null);
        }
        throw new CliFailure(path + " is neither a file, a directory nor a symlink (a socket, FIFO or device?); "
                + "a bundle can only hold those three; move it out of --source", ExitCodes.REFUSED);
    }

    /** Refuses a file that changed size while it was packed, rather than uploading a torn copy. */
    private static void copyExactly(InputStream in, OutputStream out, long size, String name) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        long left = size;
        while (left > 0) {
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
            if (n < 0) {
                throw new IOException(name + " shrank while it was being packed; push again once it is stable");
            }
            out.write(buffer, 0, n);
            left -= n;
        }
    }

    private static String relative(Path root, Path path) {
        return root.relativize(path).toString().replace('\\', '/');
    }

    private static int mode(Set<PosixFilePermission> permissions) {
        int mode = 0;
        for (PosixFilePermission permission : permissions) {
            mode |= 1 << (8 - permission.ordinal());
        }
        return mode;
    }

    private record Entry(String name, byte type, int mode, long size, FileTime modified, String linkTarget) {
    }
}
