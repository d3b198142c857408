package dev.hoist.agent.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hoist.agent.bundle.BundleExtractor.ExtractedBundle;
import dev.hoist.protocol.deploy.FailureClass;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Ordinary bundles of every type: contents, modes, mtimes, symlinks, flattening, digests, types. */
class BundleExtractorTest {

    private final BundleExtractor extractor = new BundleExtractor(ExtractionLimits.DEFAULT);

    @TempDir
    Path tmp;

    /** appspec.yml, an executable script, a private directory and a symlink into the tree. */
    private static TestArchives revision() {
        return new TestArchives()
                .file("appspec.yml", "version: 0.0\nos: linux\n", 0644)
                .dir("scripts/", 0750)
                .file("scripts/start.sh", "#!/bin/sh\necho started\n", 0755)
                .file("config/app.conf", "port=8080\n", 0600)
                .symlink("scripts/current", "start.sh")
                .symlink("config/dangling", "missing/file");
    }

    @Test
    void unpacksATarWithModesMtimesAndSymlinks() throws Exception {
        Path tar = revision().writeTar(tmp.resolve("b.tar"));
        ExtractedBundle bundle = extractor.extract(tar, BundleType.TAR, tmp.resolve("out"), null);
        assertRevision(bundle.root());
        assertThat(bundle.root()).isEqualTo(tmp.resolve("out"));
        assertThat(bundle.sha256()).isEqualTo(BundleDigests.ofFile(tar));
    }

    @Test
    void unpacksATgz() throws Exception {
        Path tgz = revision().writeTgz(tmp.resolve("b.tgz"));
        ExtractedBundle bundle = extractor.extract(tgz, BundleType.TGZ, tmp.resolve("a/b/out"), null);
        assertRevision(bundle.root());
        assertThat(bundle.sha256()).isEqualTo(BundleDigests.ofFile(tgz));
    }

    @Test
    void unpacksAZip() throws Exception {
        Path zip = revision().writeZip(tmp.resolve("b.zip"));
        ExtractedBundle bundle = extractor.extract(zip, BundleType.ZIP, tmp.resolve("out"), null);
        assertRevision(bundle.root());
        assertThat(bundle.sha256()).isEqualTo(BundleDigests.ofFile(zip));
    }

    @Test
    void copiesADirectory() throws Exception {
        Path source = extractor.extract(revision().writeTar(tmp.resolve("b.tar")), BundleType.TAR,
                tmp.resolve("source"), null).root();
        ExtractedBundle copy = extractor.extract(source, BundleType.DIRECTORY, tmp.resolve("copy"), null);
        assertRevision(copy.root());
        assertThat(copy.sha256()).matches("[0-9a-f]{64}");
    }

    @Test
    void givesADirectoryADigestThatFollowsContentAndModesButNotLocation() throws Exception {
        Path tar = revision().writeTar(tmp.resolve("b.tar"));
        Path one = extractor.extract(tar, BundleType.TAR, tmp.resolve("one"), null).root();
        Path two = extractor.extract(tar, BundleType.TAR, tmp.resolve("two"), null).root();
        String digest = extractor.extract(one, BundleType.DIRECTORY, tmp.resolve("c1"), null).sha256();
        assertThat(extractor.extract(two, BundleType.DIRECTORY, tmp.resolve("c2"), null).sha256()).isEqualTo(digest);

        Files.setPosixFilePermissions(two.resolve("config/app.conf"), PosixFilePermissions.fromString("rw-r-----"));
        String modeChanged = extractor.extract(two, BundleType.DIRECTORY, tmp.resolve("c3"), null).sha256();
        Files.writeString(one.resolve("config/app.conf"), "port=9090\n");
        String contentChanged = extractor.extract(one, BundleType.DIRECTORY, tmp.resolve("c4"), null).sha256();
        assertThat(modeChanged).isNotEqualTo(digest);
        assertThat(contentChanged).isNotEqualTo(digest).isNotEqualTo(modeChanged);
    }

    @Test
    void flattensASingleTopDirectoryHoldingTheAppSpec() throws Exception {
        Path tgz = new TestArchives()
                .dir("myapp-1.0/", 0755)
                .file("myapp-1.0/appspec.yml", "version: 0.0\n")
                .file("myapp-1.0/bin/tool", "#!/bin/sh\n", 0755)
                .writeTgz(tmp.resolve("b.tgz"));
        ExtractedBundle bundle = extractor.extract(tgz, BundleType.TGZ, tmp.resolve("out"), null);
        assertThat(bundle.root()).isEqualTo(tmp.resolve("out/myapp-1.0"));
        assertThat(bundle.root().resolve("bin/tool")).exists();
        assertThat(mode(bundle.root().resolve("bin/tool"))).isEqualTo("rwxr-xr-x");
    }

    @Test
    void flattensAZippedFolderWithoutDirectoryEntries() throws Exception {
        Path zip = new TestArchives().file("app/appspec.yaml", "version: 0.0\n").file("app/run.sh", "x", 0755)
                .writeZip(tmp.resolve("b.zip"));
        assertThat(extractor.extract(zip, BundleType.ZIP, tmp.resolve("out"), null).root())
                .isEqualTo(tmp.resolve("out/app"));
    }

    @Test
    void keepsTheTargetAsRootWhenTheTopDirectoryHasNoAppSpecOrIsNotAlone() throws Exception {
        Path noAppSpec = new TestArchives().file("app/readme", "x").writeTar(tmp.resolve("1.tar"));
        assertThat(extractor.extract(noAppSpec, BundleType.TAR, tmp.resolve("o1"), null).root())
                .isEqualTo(tmp.resolve("o1"));
        Path notAlone = new TestArchives().file("app/appspec.yml", "x").file("other", "x")
                .writeTar(tmp.resolve("2.tar"));
        assertThat(extractor.extract(notAlone, BundleType.TAR, tmp.resolve("o2"), null).root())
                .isEqualTo(tmp.resolve("o2"));
        Path both = new TestArchives().file("appspec.yml", "x").file("app/appspec.yml", "x")
                .writeTar(tmp.resolve("3.tar"));
        assertThat(extractor.extract(both, BundleType.TAR, tmp.resolve("o3"), null).root())
                .isEqualTo(tmp.resolve("o3"));
    }

    @Test
    void acceptsTheExpectedDigestInAnyCaseWithOrWithoutPrefix() throws Exception {
        Path tgz = revision().writeTgz(tmp.resolve("b.tgz"));
        String sha = BundleDigests.ofFile(tgz);
        assertThat(extractor.extract(tgz, BundleType.TGZ, tmp.resolve("o1"), sha).sha256()).isEqualTo(sha);
        assertThat(extractor.extract(tgz, BundleType.TGZ, tmp.resolve("o2"),
                "sha256:" + sha.toUpperCase(Locale.ROOT)).sha256()).isEqualTo(sha);
        Path zip = revision().writeZip(tmp.resolve("b.zip"));
        assertThat(extractor.extract(zip, BundleType.ZIP, tmp.resolve("o3"), BundleDigests.ofFile(zip)).root())
                .isEqualTo(tmp.resolve("o3"));
        Path dir = tmp.resolve("o3");
        String dirSha = extractor.extract(dir, BundleType.DIRECTORY, tmp.resolve("o4"), null).sha256();
        assertThat(extractor.extract(dir, BundleType.DIRECTORY, tmp.resolve("o5"), dirSha).sha256()).isEqualTo(dirSha);
    }

    @Test
    void refusesADigestMismatchNamingBothBeforeUnpacking() throws Exception {
        Path tar = revision().writeTar(tmp.resolve("b.tar"));
        String actual = BundleDigests.ofFile(tar);
        String expected = "0".repeat(64);
        Path target = tmp.resolve("out");
        assertThatThrownBy(() -> extractor.extract(tar, BundleType.TAR, target, expected))
                .isInstanceOfSatisfying(BundleException.class, e -> {
                    assertThat(e.failure()).isEqualTo(FailureClass.BUNDLE_DIGEST_MISMATCH);
                    assertThat(e.getMessage()).contains(actual, expected);
                });
        assertThat(target).doesNotExist();
    }

    @Test
    void refusesAnExpectedDigestThatIsNoSha256() throws Exception {
        Path tar = revision().writeTar(tmp.resolve("b.tar"));
        assertThatThrownBy(() -> extractor.extract(tar, BundleType.TAR, tmp.resolve("out"), "abc123"))
                .isInstanceOfSatisfying(BundleException.class, e -> {
                    assertThat(e.failure()).isEqualTo(FailureClass.BUNDLE_DIGEST_MISMATCH);
                    assertThat(e.getMessage()).contains("'abc123'", "64 hex digits");
                });
    }

    @Test
    void saysWhatTheFileLooksLikeWhenTheTypeIsWrong() throws Exception {
        Path tar = revision().writeTar(tmp.resolve("b.tar"));
        Path tgz = revision().writeTgz(tmp.resolve("b.tgz"));
        Path zip = revision().writeZip(tmp.resolve("b.zip"));
        Path text = Files.writeString(tmp.resolve("appspec.yml"), "version: 0.0\n");
        assertMismatch(tar, BundleType.ZIP, "given as type zip, but it is a tar archive; give type tar");
        assertMismatch(tgz, BundleType.TAR, "given as type tar, but it is gzip-compressed data; give type tgz");
        assertMismatch(zip, BundleType.TGZ, "given as type tgz, but it is a zip archive; give type zip");
        assertMismatch(tar, BundleType.DIRECTORY, "a file (a tar archive), not a directory; give type tar");
        assertMismatch(tmp, BundleType.TAR, "but it is a directory; give type directory");
        assertMismatch(text, BundleType.ZIP, "but it is a text file");
        assertMismatch(tmp.resolve("missing.tar"), BundleType.TAR, "does not exist");
        Path gzippedZip = tmp.resolve("zip.gz");
        try (var out = new org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream(
                Files.newOutputStream(gzippedZip))) {
            out.write(Files.readAllBytes(zip));
        }
        assertMismatch(gzippedZip, BundleType.TGZ, "gzip-compressed a zip archive rather than a gzip-compressed tar");
    }

    @Test
    void replacesDuplicateEntriesAsTarDoes() throws Exception {
        Path tar = new TestArchives().file("a", "first").file("a", "second").writeTar(tmp.resolve("b.tar"));
        extractor.extract(tar, BundleType.TAR, tmp.resolve("out"), null);
        assertThat(tmp.resolve("out/a")).hasContent("second");
    }

    @Test
    void appliesReadOnlyDirectoryModesAfterTheirContents() throws Exception {
        Path tar = new TestArchives().dir("ro/", 0555).file("ro/inside", "x", 0444).writeTar(tmp.resolve("b.tar"));
        Path out = extractor.extract(tar, BundleType.TAR, tmp.resolve("out"), null).root();
        assertThat(mode(out.resolve("ro"))).isEqualTo("r-xr-xr-x");
        assertThat(out.resolve("ro/inside")).hasContent("x");
    }

    @Test
    void dropsSetuidAndStickyBitsFromArchives() throws Exception {
        Path tar = new TestArchives().file("suid", "x", 04755).writeTar(tmp.resolve("b.tar"));
        Path out = extractor.extract(tar, BundleType.TAR, tmp.resolve("out"), null).root();
        assertThat(mode(out.resolve("suid"))).isEqualTo("rwxr-xr-x");
        assertThat(Files.getAttribute(out.resolve("suid"), "unix:mode")).isEqualTo(0100755);
    }

    @Test
    void usesDefaultModesForZipEntriesWithoutUnixAttributes() throws Exception {
        Path zip = tmp.resolve("plain.zip");
        try (var out = new org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream(zip)) {
            out.putArchiveEntry(new org.apache.commons.compress.archivers.zip.ZipArchiveEntry("dir/file.txt"));
            out.write("x".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            out.closeArchiveEntry();
        }
        Path root = extractor.extract(zip, BundleType.ZIP, tmp.resolve("out"), null).root();
        assertThat(mode(root.resolve("dir/file.txt"))).isEqualTo("rw-r--r--");
        assertThat(mode(root.resolve("dir"))).isEqualTo("rwxr-xr-x");
    }

    @Test
    void acceptsDotSlashNamesAsTarMakesThemFromTheCurrentDirectory() throws Exception {
        Path tgz = new TestArchives().dir("./", 0700).file("./appspec.yml", "version: 0.0\n")
                .file("./bin/tool", "x", 0755).hardLink("./bin/alias", "./bin/tool")
                .writeTgz(tmp.resolve("b.tgz"));
        Path out = tmp.resolve("out");
        assertThat(extractor.extract(tgz, BundleType.TGZ, out, null).root()).isEqualTo(out);
        assertThat(out.resolve("appspec.yml")).exists();
        assertThat(Files.isSameFile(out.resolve("bin/tool"), out.resolve("bin/alias"))).isTrue();
    }

    @Test
    void readsMultiMemberGzipAsOneTgz() throws Exception {
        byte[] tar = Files.readAllBytes(revision().writeTar(tmp.resolve("b.tar")));
        Path tgz = tmp.resolve("multi.tgz");
        try (var file = Files.newOutputStream(tgz)) {
            for (byte[] half : new byte[][] {
                java.util.Arrays.copyOfRange(tar, 0, tar.length / 2),
                java.util.Arrays.copyOfRange(tar, tar.length / 2, tar.length)}) {
                var member = new java.io.ByteArrayOutputStream();
                try (var gzip = new org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream(member)) {
                    gzip.write(half);
                }
                member.writeTo(file);
            }
        }
        assertRevision(extractor.extract(tgz, BundleType.TGZ, tmp.resolve("out"), null).root());
    }

    @Test
    void leavesOutATargetThatLiesInsideTheDirectoryBundle() throws Exception {
        Path source = extractor.extract(revision().writeTar(tmp.resolve("b.tar")), BundleType.TAR,
                tmp.resolve("source"), null).root();
        ExtractedBundle inside = extractor.extract(source, BundleType.DIRECTORY,
                source.resolve("deployments/d1/archive"), null);
        assertRevision(inside.root());
        assertThat(inside.root().resolve("deployments/d1")).isEmptyDirectory();
    }

    @Test
    void stopsWhenTheThreadIsInterruptedAndKeepsTheFlag() throws Exception {
        Path tar = revision().writeTar(tmp.resolve("b.tar"));
        Path target = tmp.resolve("out");
        Thread.currentThread().interrupt();
        try {
            assertThatThrownBy(() -> extractor.extract(tar, BundleType.TAR, target, null))
                    .isInstanceOfSatisfying(BundleException.class,
                            e -> assertThat(e.failure()).isEqualTo(FailureClass.CANCELLED));
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
        assertThat(target).doesNotExist();
    }

    private void assertMismatch(Path bundle, BundleType type, String message) {
        Path target = tmp.resolve("mismatch-target");
        assertThatThrownBy(() -> extractor.extract(bundle, type, target, null))
                .isInstanceOfSatisfying(BundleException.class, e -> {
                    assertThat(e.failure()).isEqualTo(FailureClass.BUNDLE_INVALID);
                    assertThat(e.getMessage()).contains(message);
                });
        assertThat(target).doesNotExist();
    }

    private static void assertRevision(Path root) throws IOException {
        assertThat(root.resolve("appspec.yml")).hasContent("version: 0.0\nos: linux\n");
        assertThat(root.resolve("scripts/start.sh")).hasContent("#!/bin/sh\necho started\n");
        assertThat(mode(root.resolve("appspec.yml"))).isEqualTo("rw-r--r--");
        assertThat(mode(root.resolve("scripts/start.sh"))).isEqualTo("rwxr-xr-x");
        assertThat(mode(root.resolve("scripts"))).isEqualTo("rwxr-x---");
        assertThat(mode(root.resolve("config/app.conf"))).isEqualTo("rw-------");
        assertThat(Files.getLastModifiedTime(root.resolve("scripts/start.sh")).toMillis())
                .isEqualTo(TestArchives.MTIME.toMillis());
        assertThat(Files.getLastModifiedTime(root.resolve("scripts")).toMillis())
                .isEqualTo(TestArchives.MTIME.toMillis());
        assertThat(Files.isSymbolicLink(root.resolve("scripts/current"))).isTrue();
        assertThat(Files.readSymbolicLink(root.resolve("scripts/current"))).isEqualTo(Path.of("start.sh"));
        assertThat(root.resolve("scripts/current")).hasContent("#!/bin/sh\necho started\n");
        assertThat(Files.readSymbolicLink(root.resolve("config/dangling"))).isEqualTo(Path.of("missing/file"));
    }

    private static String mode(Path path) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS));
    }
}
