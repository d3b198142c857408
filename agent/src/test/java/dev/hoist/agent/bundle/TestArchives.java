package dev.hoist.agent.bundle;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.archivers.zip.UnixStat;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;

/**
 * Builds real tar, tgz and zip archives for the tests, hostile ones included: entry names and link
 * targets are written exactly as given, never normalised.
 */
final class TestArchives {

    static final FileTime MTIME = FileTime.fromMillis(1_600_000_000_000L);

    private final List<Entry> entries = new ArrayList<>();

    /** One entry: kind 'f' file, 'd' directory, 's' symlink, 'h' hard link, or a raw tar type flag. */
    private record Entry(char kind, String name, byte[] content, long zeros, int mode, String link, byte tarFlag) {
    }

    TestArchives file(String name, String content, int mode) {
        entries.add(new Entry('f', name, content.getBytes(StandardCharsets.UTF_8), 0, mode, null, (byte) 0));
        return this;
    }

    TestArchives file(String name, String content) {
        return file(name, content, 0644);
    }

    /** A file of {@code size} zero bytes, written in chunks so the test never holds it in memory. */
    TestArchives zeros(String name, long size) {
        entries.add(new Entry('f', name, new byte[0], size, 0644, null, (byte) 0));
        return this;
    }

    TestArchives dir(String name, int mode) {
        entries.add(new Entry('d', name, null, 0, mode, null, (byte) 0));
        return this;
    }

    TestArchives symlink(String name, String target) {
        entries.add(new Entry('s', name, null, 0, 0777, target, (byte) 0));
        return this;
    }

    TestArchives hardLink(String name, String target) {
        entries.add(new Entry('h', name, null, 0, 0644, target, (byte) 0));
        return this;
    }

    /** A tar entry of a raw type such as {@link TarConstants#LF_CHR} or {@link TarConstants#LF_FIFO}. */
    TestArchives special(String name, byte tarFlag) {
        entries.add(new Entry('x', name, null, 0, 0644, null, tarFlag));
        return this;
    }

    Path writeTar(Path path) throws IOException {
        return writeTar(path, false);
    }

    Path writeTgz(Path path) throws IOException {
        return writeTar(path, true);
    }

    private Path writeTar(Path path, boolean gzip) throws IOException {
        try (OutputStream file = new BufferedOutputStream(Files.newOutputStream(path));
                OutputStream maybeGzip = gzip ? new GzipCompressorOutputStream(file) : file;
                TarArchiveOutputStream tar = new TarArchiveOutputStream(maybeGzip)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            for (Entry e : entries) {
                TarArchiveEntry entry = switch (e.kind()) {
                    case 's' -> new TarArchiveEntry(e.name(), TarConstants.LF_SYMLINK, true);
                    case 'h' -> new TarArchiveEntry(e.name(), TarConstants.LF_LINK, true);
                    case 'x' -> new TarArchiveEntry(e.name(), e.tarFlag(), true);
                    default -> new TarArchiveEntry(e.name(), true);
                };
                if (e.link() != null) {
                    entry.setLinkName(e.link());
                }
                entry.setMode(e.mode());
                entry.setModTime(MTIME);
                if (e.kind() == 'f') {
                    entry.setSize(e.content().length + e.zeros());
                }
                tar.putArchiveEntry(entry);
                if (e.kind() == 'f') {
                    tar.write(e.content());
                    writeZeros(tar, e.zeros());
                }
                tar.closeArchiveEntry();
            }
        }
        return path;
    }

    Path writeZip(Path path) throws IOException {
        try (ZipArchiveOutputStream zip = new ZipArchiveOutputStream(path)) {
            for (Entry e : entries) {
                ZipArchiveEntry entry = new ZipArchiveEntry(e.name());
                entry.setLastModifiedTime(MTIME);
                switch (e.kind()) {
                    case 's' -> entry.setUnixMode(UnixStat.LINK_FLAG | 0777);
                    case 'd' -> entry.setUnixMode(UnixStat.DIR_FLAG | e.mode());
                    case 'f' -> entry.setUnixMode(UnixStat.FILE_FLAG | e.mode());
                    case 'x' -> entry.setUnixMode((e.tarFlag() == TarConstants.LF_FIFO ? 0010000 : 0020000) | 0644);
                    default -> throw new IllegalArgumentException("zip has no " + e.kind() + " entries");
                }
                zip.putArchiveEntry(entry);
                if (e.kind() == 's') {
                    zip.write(e.link().getBytes(StandardCharsets.UTF_8));
                } else if (e.kind() == 'f') {
                    zip.write(e.content());
                    writeZeros(zip, e.zeros());
                }
                zip.closeArchiveEntry();
            }
        }
        return path;
    }

    private static void writeZeros(OutputStream out, long count) throws IOException {
        byte[] chunk = new byte[64 * 1024];
        for (long left = count; left > 0; left -= chunk.length) {
            out.write(chunk, 0, (int) Math.min(chunk.length, left));
        }
    }
}
