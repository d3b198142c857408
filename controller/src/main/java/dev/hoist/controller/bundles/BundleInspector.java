package dev.hoist.controller.bundles;

import dev.hoist.protocol.appspec.BundleAppSpecCheck;
import dev.hoist.protocol.bundle.BundleEntryRule;
import dev.hoist.protocol.bundle.BundleEntryRule.Kind;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * Reads a stored tar.gz bundle without unpacking it: the listing of its entries and the bytes of the
 * files that may be its AppSpec, refusing by the {@link BundleEntryRule} agents apply when they unpack
 * (so a bundle is refused once, here, with the entry named) and by the size limits. The
 * archive is hostile input: it is only ever streamed, and nothing is written.
 */
public final class BundleInspector {
    private static final int MAX_APPSPEC_BYTES = 1 << 20;

    private final Limits limits;

    public BundleInspector(Limits limits) {
        this.limits = limits;
    }

    /**
     * @throws BundleInvalidException naming the entry and the rule it breaks, or saying why the file
     *     is not a tar.gz at all
     * @throws UncheckedIOException when the stored file itself cannot be read (the controller's problem)
     */
    public Listing inspect(Path bundle) throws BundleInvalidException {
        try (InputStream file = Files.newInputStream(bundle)) {
            return inspect(file, bundle.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the stored bundle " + bundle, e);
        }
    }

    /**
     * The same, for a bundle streamed from the artifact store; {@code stored} is closed by the caller.
     *
     * @param name for messages: the digest or file
     */
    public Listing inspect(InputStream stored, String name) throws BundleInvalidException {
        try {
            InputStream file = new StoredFileReads(new BufferedInputStream(stored));
            requireGzip(file);
            return list(new TarArchiveInputStream(new GzipCompressorInputStream(file, true)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the stored bundle " + name, e);
        }
    }

    private static void requireGzip(InputStream file) throws IOException, BundleInvalidException {
        file.mark(2);
        int first = file.read();
        int second = file.read();
        file.reset();
        if (first != 0x1f || second != 0x8b) {
            throw new BundleInvalidException("the upload is not gzip-compressed; send the bundle as a tar.gz "
                    + "(hoist push packs a directory that way; by hand: tar -czf bundle.tar.gz -C DIR .)");
        }
    }

    private Listing list(TarArchiveInputStream tar) throws BundleInvalidException {
        BundleEntryRule rule = new BundleEntryRule();
        Set<String> paths = new TreeSet<>();
        Map<String, byte[]> candidates = new HashMap<>();
        int entries = 0;
        long bytes = 0;
        try {
            for (TarArchiveEntry entry; (entry = tar.getNextEntry()) != null; ) {
                if (++entries > limits.maxEntries()) {
                    throw new BundleInvalidException("the bundle has more than " + limits.maxEntries()
                            + " entries, the limit (bundles.maxEntries)");
                }
                String name = entry.getName();
                List<String> path;
                try {
                    path = rule.accept(kindOf(entry), name, entry.getLinkName());
                } catch (BundleEntryRule.Refused e) {
                    throw entryRefused(e.entryName(), e.rule());
                }
                if (isRegularFile(entry)) {
                    bytes += entry.getSize();
                    if (bytes > limits.maxUnpackedBytes()) {
                        throw new BundleInvalidException("the bundle unpacks to more than " + limits.maxUnpackedBytes()
                                + " bytes, the limit (bundles.maxUnpackedBytes)");
                    }
                }
                if (path.isEmpty()) {
                    continue;
                }
                String joined = String.join("/", path);
                paths.add(entry.isDirectory() ? joined + "/" : joined);
                if (isRegularFile(entry) && BundleAppSpecCheck.isAppSpecCandidate(joined)) {
                    candidates.put(joined, readAppSpec(tar, entry, name));
                }
            }
            rule.finish();
        } catch (BundleEntryRule.Refused e) {
            throw entryRefused(e.entryName(), e.rule());
        } catch (EOFException e) {
            throw new BundleInvalidException("the archive ends early (truncated upload?); send the whole tar.gz");
        } catch (IOException e) {
            throw new BundleInvalidException("the upload is not a readable tar.gz: " + e.getMessage());
        } catch (UncheckedIOException e) {
            throw e;
        } catch (RuntimeException e) {
            // commons-compress answers some malformed headers with unchecked exceptions: still the bundle's fault.
            throw new BundleInvalidException("the upload is not a readable tar.gz: " + e);
        }
        return new Listing(paths, candidates, entries, bytes);
    }

    /** What the entry is, in the terms of the rule agents share. */
    private static Kind kindOf(TarArchiveEntry entry) {
        if (entry.isSymbolicLink()) {
            return Kind.SYMLINK;
        } else if (entry.isLink()) {
            return Kind.HARD_LINK;
        } else if (entry.isCharacterDevice() || entry.isBlockDevice()) {
            return Kind.DEVICE;
        } else if (entry.isFIFO()) {
            return Kind.FIFO;
        } else if (entry.isDirectory()) {
            return Kind.DIRECTORY;
        } else if (isRegularFile(entry)) {
            return Kind.FILE;
        }
        return Kind.OTHER;
    }

    private static byte[] readAppSpec(TarArchiveInputStream tar, TarArchiveEntry entry, String name)
            throws IOException, BundleInvalidException {
        if (entry.getSize() > MAX_APPSPEC_BYTES) {
            throw entryRefused(name, "is an AppSpec file of " + entry.getSize() + " bytes; at most "
                    + MAX_APPSPEC_BYTES + " are accepted");
        }
        return tar.readNBytes((int) entry.getSize());
    }

    private static boolean isRegularFile(TarArchiveEntry entry) {
        byte type = entry.getLinkFlag();
        return type == TarConstants.LF_NORMAL || type == TarConstants.LF_OLDNORM || type == TarConstants.LF_CONTIG;
    }

    private static BundleInvalidException entryRefused(String entry, String rule) {
        return new BundleInvalidException("entry '" + entry + "' " + rule, entry);
    }

    /**
     * @param maxUnpackedBytes sum of the regular files' sizes
     * @param maxEntries files, directories and links
     */
    public record Limits(long maxUnpackedBytes, int maxEntries) {
    }

    /**
     * What a bundle holds.
     *
     * @param paths every entry relative to the bundle root, directories with a trailing slash
     * @param appSpecCandidates bytes of the regular files that may be the AppSpec file
     */
    public record Listing(Set<String> paths, Map<String, byte[]> appSpecCandidates, int entries, long unpackedBytes) {
    }

    /**
     * Marks failures to read the stored file as the controller's, so that only failures of the gzip and
     * tar layers above it count against the bundle.
     */
    private static final class StoredFileReads extends FilterInputStream {
        StoredFileReads(InputStream in) {
            super(in);
        }

        @Override
        public int read() {
            try {
                return super.read();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the stored bundle", e);
            }
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            try {
                return super.read(buffer, offset, length);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the stored bundle", e);
            }
        }
    }
}
