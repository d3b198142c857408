package dev.hoist.agent.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hoist.agent.bundle.BundleException;
import dev.hoist.agent.bundle.BundleExtractor;
import dev.hoist.agent.bundle.BundleType;
import dev.hoist.agent.bundle.ExtractionLimits;
import dev.hoist.protocol.deploy.FailureClass;
import dev.hoist.protocol.fuzz.Corpus;
import dev.hoist.protocol.fuzz.FuzzTarget;
import dev.hoist.protocol.fuzz.Mutations;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;

/**
 * The agent's archive readers and {@link BundleExtractor} on real tar, tgz and zip files made of hostile
 * entries (traversal and absolute names, long and odd names, links in and out of the tree, hard links,
 * devices and FIFOs, duplicates, lying sizes), whole or with their bytes mutated, extracted into a
 * directory beside an "outside" directory that must stay empty.
 *
 * <p>Every archive is either extracted or refused with a {@link BundleException} of a bundle failure
 * class; nothing else is thrown; nothing is written outside the target; what is extracted holds only
 * directories, regular files and links that resolve inside the tree.
 */
public final class ArchiveFuzz implements FuzzTarget<ArchiveFuzz.Archive> {
    private static final ExtractionLimits LIMITS = new ExtractionLimits(1 << 20, 64, 200);

    /** An archive as bytes, and the type it is deployed as. */
    public record Archive(BundleType type, byte[] bytes) {
        @Override
        public String toString() {
            return type + " archive of " + bytes.length + " bytes";
        }
    }

    /** One entry to write. */
    record Entry(String name, char kind, String link, byte[] content, int mode) {
    }

    private final Path scratch;
    private final BundleExtractor extractor = new BundleExtractor(LIMITS);
    private long run;

    public ArchiveFuzz() {
        try {
            Path shm = Path.of("/dev/shm");
            scratch = Files.isDirectory(shm) && Files.isWritable(shm)
                    ? Files.createTempDirectory(shm, "hoist-archive-fuzz") : Files.createTempDirectory("hoist-archive-fuzz");
            scratch.toFile().deleteOnExit();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String name() {
        return "archive";
    }

    @Override
    public Arbitrary<Archive> inputs() {
        Arbitrary<BundleType> type = Arbitraries.of(BundleType.TAR, BundleType.TGZ, BundleType.ZIP);
        Arbitrary<Archive> built = Combinators.combine(type, entry().list().ofMaxSize(6))
                .as((kind, entries) -> new Archive(kind, write(kind, entries)));
        Arbitrary<Archive> mutated = Combinators.combine(built, Arbitraries.integers().between(1, 4), Arbitraries.longs())
                .as((archive, rounds, salt) -> new Archive(archive.type(),
                        Mutations.mutate(archive.bytes(), rounds, new Random(salt))));
        List<Corpus.Entry> kept = Corpus.load(name());
        Arbitrary<Archive> corpus = kept.isEmpty() ? built : Combinators.combine(Arbitraries.of(kept),
                Arbitraries.integers().between(0, 3), Arbitraries.longs())
                .as((entry, rounds, salt) -> new Archive(typeOf(entry.name()),
                        Mutations.mutate(entry.bytes(), rounds, new Random(salt))));
        return Arbitraries.frequencyOf(Tuple.of(5, built), Tuple.of(3, mutated), Tuple.of(2, corpus));
    }

    @Override
    public void check(Archive archive) throws IOException {
        Path dir = scratch.resolve("run-" + run++);
        Path bundle = dir.resolve("bundle");
        Path outside = dir.resolve("outside");
        Path target = dir.resolve("extract").resolve("target");
        Files.createDirectories(outside);
        Files.createDirectories(target.getParent());
        Files.write(bundle, archive.bytes());
        try {
            try {
                extractor.extract(bundle, archive.type(), target, sha256(archive.bytes()));
                assertOnlyTreeInside(target);
            } catch (BundleException e) {
                assertThat(e.failure()).as(e.getMessage()).isIn(FailureClass.BUNDLE_INVALID,
                        FailureClass.BUNDLE_DIGEST_MISMATCH);
                assertThat(e.getMessage()).isNotBlank();
            }
            try (Stream<Path> escaped = Files.list(outside)) {
                assertThat(escaped.toList()).as("written outside the target").isEmpty();
            }
            try (Stream<Path> beside = Files.list(target.getParent())) {
                assertThat(beside.filter(path -> !path.equals(target)).toList())
                        .as("written beside the target").isEmpty();
            }
        } finally {
            delete(dir);
        }
    }

    @Override
    public byte[] describe(Archive archive) {
        return archive.bytes();
    }

    private static BundleType typeOf(String fileName) {
        return fileName.endsWith(".zip") ? BundleType.ZIP : fileName.endsWith(".tgz") ? BundleType.TGZ : BundleType.TAR;
    }

    private static void assertOnlyTreeInside(Path target) throws IOException {
        Path root = target.toRealPath();
        Files.walkFileTree(target, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                if (attributes.isSymbolicLink()) {
                    Path resolved = file.getParent().resolve(Files.readSymbolicLink(file)).normalize();
                    assertThat(resolved.startsWith(target) || resolved.startsWith(root))
                            .as("link %s -> %s stays inside", file, Files.readSymbolicLink(file)).isTrue();
                } else {
                    assertThat(attributes.isRegularFile()).as("%s is a regular file", file).isTrue();
                }
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private static void delete(Path dir) throws IOException {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path directory, BasicFileAttributes attributes) throws IOException {
                directory.toFile().setWritable(true, true);
                directory.toFile().setExecutable(true, true);
                directory.toFile().setReadable(true, true);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path directory, IOException e) throws IOException {
                Files.delete(directory);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private static Arbitrary<Entry> entry() {
        Arbitrary<String> name = Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.of("appspec.yml", "hooks/start.sh", "app/", "app/bin/run", "a", "b/c/d.txt")),
                Tuple.of(4, Arbitraries.of("../outside/x", "../../outside/y", "/etc/passwd", "/outside/z", "./a/../../b",
                        "a/../../outside/w", "a\\..\\..\\outside\\v", "a//b", "./", ".", "..", "", "a/./b",
                        "x".repeat(256), "d/" + "e".repeat(300), "nul\u0000byte", "\u202eevil", "con:", "a/",
                        "appspec.yml/", "dup", "dup", "l/inner", "link/escaped")),
                Tuple.of(1, Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(30)));
        Arbitrary<Character> kind = Arbitraries.frequencyOf(Tuple.of(6, Arbitraries.just('f')),
                Tuple.of(2, Arbitraries.just('d')), Tuple.of(2, Arbitraries.just('s')), Tuple.of(1, Arbitraries.just('h')),
                Tuple.of(1, Arbitraries.of('c', 'b', 'p')));
        Arbitrary<String> link = Arbitraries.of("a", "../outside", "/etc", "/", "hooks/start.sh", "link", "..", "b/../..",
                "dup", "app/../../outside/x", "");
        Arbitrary<byte[]> content = Arbitraries.frequencyOf(
                Tuple.of(5, Arbitraries.of("version: 0.0\nos: linux\n", "#!/bin/sh\necho hi\n", "", "x")
                        .map(s -> s.getBytes(StandardCharsets.UTF_8))),
                Tuple.of(1, Arbitraries.integers().between(0, 300_000).map(size -> new byte[size])));
        Arbitrary<Integer> mode = Arbitraries.of(0644, 0755, 04755, 06777, 0, 0111, 01777);
        return Combinators.combine(name, kind, link, content, mode).as(Entry::new);
    }

    static byte[] write(BundleType type, List<Entry> entries) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            if (type == BundleType.ZIP) {
                try (ZipArchiveOutputStream zip = new ZipArchiveOutputStream(bytes)) {
                    for (Entry entry : entries) {
                        String name = entry.kind() == 'd' && !entry.name().endsWith("/") ? entry.name() + "/" : entry.name();
                        ZipArchiveEntry zipEntry = new ZipArchiveEntry(name.isEmpty() ? "_" : name);
                        int fileType = entry.kind() == 's' ? 0120000 : entry.kind() == 'd' ? 040000 : 0100000;
                        zipEntry.setUnixMode(fileType | entry.mode());
                        zip.putArchiveEntry(zipEntry);
                        if (entry.kind() == 's') {
                            zip.write(entry.link().getBytes(StandardCharsets.UTF_8));
                        } else if (entry.kind() != 'd') {
                            zip.write(entry.content());
                        }
                        zip.closeArchiveEntry();
                    }
                }
                return bytes.toByteArray();
            }
            OutputStream out = type == BundleType.TGZ ? new GZIPOutputStream(bytes) : bytes;
            try (TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
                tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
                tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
                for (Entry entry : entries) {
                    String name = entry.name().isEmpty() ? "_" : entry.name();
                    TarArchiveEntry tarEntry = switch (entry.kind()) {
                        case 'd' -> new TarArchiveEntry(name.endsWith("/") ? name : name + "/", true);
                        case 's' -> link(name, TarConstants.LF_SYMLINK, entry.link());
                        case 'h' -> link(name, TarConstants.LF_LINK, entry.link());
                        case 'c' -> new TarArchiveEntry(name, TarConstants.LF_CHR, true);
                        case 'b' -> new TarArchiveEntry(name, TarConstants.LF_BLK, true);
                        case 'p' -> new TarArchiveEntry(name, TarConstants.LF_FIFO, true);
                        default -> new TarArchiveEntry(name, true);
                    };
                    tarEntry.setMode(entry.mode());
                    boolean hasBody = entry.kind() == 'f';
                    tarEntry.setSize(hasBody ? entry.content().length : 0);
                    tar.putArchiveEntry(tarEntry);
                    if (hasBody) {
                        tar.write(entry.content());
                    }
                    tar.closeArchiveEntry();
                }
            }
            return bytes.toByteArray();
        } catch (IOException | IllegalArgumentException e) {
            // A name the writer itself refuses (NUL in a tar name): the archive is the bytes so far.
            return ("refused by the writer: " + e.getMessage()).getBytes(StandardCharsets.UTF_8);
        }
    }

    private static TarArchiveEntry link(String name, byte type, String target) {
        TarArchiveEntry entry = new TarArchiveEntry(name, type, true);
        entry.setLinkName(target);
        return entry;
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
