package dev.hoist.agent.bundle;

import dev.hoist.protocol.bundle.BundleEntryRule;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * Streams a tar or gzip-compressed tar bundle into a {@link SafeTreeWriter} in one pass over the
 * file, digesting the file as it goes.
 */
final class TarBundleReader {

    private static final int BUFFER_SIZE = 64 * 1024;

    private final boolean gzipped;

    TarBundleReader(boolean gzipped) {
        this.gzipped = gzipped;
    }

    /** Unpacks {@code bundle} below {@code target}; returns the SHA-256 of the bundle file. */
    String extract(Path bundle, Path target, ExtractionLimits limits) throws BundleException {
        MessageDigest digest = BundleDigests.newSha256();
        String what = gzipped ? "the gzip-compressed tar archive" : "the tar archive";
        try (MeteredInputStream file = new MeteredInputStream(Files.newInputStream(bundle), digest)) {
            InputStream raw = new BufferedInputStream(file, BUFFER_SIZE);
            InputStream tarBytes = gzipped
                    ? new BufferedInputStream(new GzipCompressorInputStream(raw, true), BUFFER_SIZE) : raw;
            // Multi-member gzip (pigz, bgzip, concatenated files) is still one tgz to gzip and tar.
            // Archive bytes read so far: for a tgz, the compressed bytes the ratio is measured against.
            SafeTreeWriter writer = new SafeTreeWriter(target, new ExtractionBudget(limits, file::count));
            TarArchiveInputStream tar = new TarArchiveInputStream(tarBytes);
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                write(entry, tar, writer);
            }
            writer.finish();
            file.drain();
        } catch (IOException | RuntimeException e) {
            throw Refusals.unreadable(what, e);
        }
        return BundleDigests.hex(digest);
    }

    private static void write(TarArchiveEntry entry, TarArchiveInputStream tar, SafeTreeWriter writer)
            throws BundleException, IOException {
        String name = entry.getName();
        if (entry.isSymbolicLink()) {
            writer.symlink(name, entry.getLinkName());
        } else if (entry.isLink()) {
            writer.hardLink(name, entry.getLinkName());
        } else if (entry.isCharacterDevice() || entry.isBlockDevice()) {
            writer.unsupported(BundleEntryRule.Kind.DEVICE, name);
        } else if (entry.isFIFO()) {
            writer.unsupported(BundleEntryRule.Kind.FIFO, name);
        } else if (entry.isDirectory()) {
            writer.directory(name, entry.getMode(), entry.getLastModifiedTime());
        } else if (isRegularFile(entry)) {
            if (!tar.canReadEntryData(entry)) {
                throw Refusals.entry(name, "uses a tar feature this agent cannot read (an unsupported sparse format?)");
            }
            writer.file(name, tar, entry.getMode(), entry.getLastModifiedTime());
        } else {
            throw Refusals.entry(name, "has tar type '" + (char) entry.getLinkFlag()
                    + "', which is none of file, directory, symlink or hard link");
        }
    }

    private static boolean isRegularFile(TarArchiveEntry entry) {
        byte type = entry.getLinkFlag();
        return type == TarConstants.LF_NORMAL || type == TarConstants.LF_OLDNORM
                || type == TarConstants.LF_CONTIG || type == TarConstants.LF_GNUTYPE_SPARSE;
    }
}
