package dev.hoist.agent.bundle;

import dev.hoist.protocol.bundle.BundleEntryRule;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.Set;
import java.util.zip.ZipEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.apache.commons.compress.archivers.zip.ZipMethod;

/**
 * Unpacks a zip bundle through its central directory into a {@link SafeTreeWriter}. Unix modes come
 * from the high 16 bits of the external attributes, as Info-ZIP and Python's zipfile write them.
 */
final class ZipBundleReader {

    private static final int S_IFMT = 0170000;
    private static final int S_IFDIR = 0040000;
    private static final int S_IFCHR = 0020000;
    private static final int S_IFBLK = 0060000;
    private static final int S_IFIFO = 0010000;
    private static final int S_IFSOCK = 0140000;
    private static final int MAX_LINK_TARGET_BYTES = 4096;
    /** Stored, deflate, deflate64 and bzip2. */
    private static final Set<Integer> READABLE_METHODS = Set.of(ZipEntry.STORED, ZipEntry.DEFLATED,
            ZipMethod.ENHANCED_DEFLATED.getCode(), ZipMethod.BZIP2.getCode());

    /** Unpacks {@code bundle} below {@code target}. */
    void extract(Path bundle, Path target, ExtractionLimits limits) throws BundleException {
        String what = "the zip archive";
        try (ZipFile zip = ZipFile.builder().setPath(bundle).get()) {
            // Zip entries may share compressed data (overlapping-entry bombs), so the honest
            // denominator of the ratio is the whole file, not the sum of the entries' sizes.
            long archiveBytes = Files.size(bundle);
            SafeTreeWriter writer = new SafeTreeWriter(target, new ExtractionBudget(limits, () -> archiveBytes));
            Enumeration<ZipArchiveEntry> entries = zip.getEntries();
            while (entries.hasMoreElements()) {
                write(zip, entries.nextElement(), writer);
            }
            writer.finish();
        } catch (IOException | RuntimeException e) {
            throw Refusals.unreadable(what, e);
        }
    }

    private static void write(ZipFile zip, ZipArchiveEntry entry, SafeTreeWriter writer)
            throws BundleException, IOException {
        String name = entry.getName();
        int unixMode = entry.getUnixMode();
        int type = unixMode & S_IFMT;
        // Archivers that record no Unix mode (Windows ones) leave it 0: use the defaults then.
        int mode = (unixMode & 0777) == 0 ? -1 : unixMode & 0777;
        if (entry.isUnixSymlink()) {
            requireReadable(zip, entry);
            writer.symlink(name, readLinkTarget(zip, entry));
        } else if (type == S_IFCHR || type == S_IFBLK) {
            writer.unsupported(BundleEntryRule.Kind.DEVICE, name);
        } else if (type == S_IFIFO) {
            writer.unsupported(BundleEntryRule.Kind.FIFO, name);
        } else if (type == S_IFSOCK) {
            writer.unsupported(BundleEntryRule.Kind.SOCKET, name);
        } else if (entry.isDirectory() || type == S_IFDIR) {
            writer.directory(name, mode, entry.getLastModifiedTime());
        } else {
            requireReadable(zip, entry);
            try (InputStream in = zip.getInputStream(entry)) {
                writer.file(name, in, mode, entry.getLastModifiedTime());
            }
        }
    }

    /**
     * Only methods that commons-compress reads in plain Java: zstd and xz would reach for libraries the
     * agent does not ship and fail with an {@link Error}, not a refusal.
     */
    private static void requireReadable(ZipFile zip, ZipArchiveEntry entry) throws BundleException {
        if (!READABLE_METHODS.contains(entry.getMethod()) || !zip.canReadEntryData(entry)) {
            throw Refusals.entry(entry.getName(), "is encrypted or compressed with a method this agent cannot read"
                    + " (zip method " + entry.getMethod() + "); repack it with deflate and no password");
        }
    }

    /** A zip symlink keeps its target as the entry's content; read a bounded amount of it. */
    private static String readLinkTarget(ZipFile zip, ZipArchiveEntry entry) throws BundleException, IOException {
        try (InputStream in = zip.getInputStream(entry)) {
            byte[] bytes = in.readNBytes(MAX_LINK_TARGET_BYTES + 1);
            if (bytes.length > MAX_LINK_TARGET_BYTES) {
                throw Refusals.entry(entry.getName(), "is a symlink whose target is longer than "
                        + MAX_LINK_TARGET_BYTES + " bytes");
            }
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }
}
