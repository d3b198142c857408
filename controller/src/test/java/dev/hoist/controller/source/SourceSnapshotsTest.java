package dev.hoist.controller.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hoist.api.CreateRepositoryRequest;
import dev.hoist.controller.core.Refusal;
import dev.hoist.controller.secrets.SecretsFactory;
import dev.hoist.controller.testing.TestStores;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Resolving what a build asks for to a commit, and the tree at it as tar.gz, on a repository made with real git. */
class SourceSnapshotsTest {
    @TempDir
    static Path temp;
    private static SourceSnapshots snapshots;
    private static String first;
    private static String second;
    private static String feature;

    @BeforeAll
    static void pushed() throws Exception {
        Path dataDir = temp.resolve("data");
        SourceRepositories repositories = new SourceRepositories(
                new JdbiSourceRepositoryStore(TestStores.sqlite(temp.resolve("hoist.db"))), new GitDirectories(dataDir),
                new SourceLocks(), new SecretsFactory().sealer(temp), 300, 60, Clock.systemUTC());
        repositories.create(CreateRepositoryRequest.hosted("app", null), "test");
        repositories.create(CreateRepositoryRequest.hosted("empty", null), "test");
        snapshots = new SourceSnapshots(repositories);
        Git git = new Git(temp.resolve("home"));
        Path work = git.newWorkingCopy(temp.resolve("work"), "one\n");
        first = git.run(work, "rev-parse", "HEAD").ok().line();
        second = git.commit(work, "README.md", "two\n", "Second");
        git.run(work, "checkout", "-q", "-b", "feature").ok();
        feature = git.commit(work, "extra.txt", "extra\n", "Feature");
        String bare = dataDir.resolve("git/app.git").toString();
        git.run(work, "push", "-q", bare, "main", "feature").ok();
    }

    @Test
    void resolvesTheDefaultBranchABranchACommitAndAnAbbreviatedOne() {
        assertThat(snapshots.resolve("app", null)).isEqualTo(new ResolvedCommit("app", second, "main"));
        assertThat(snapshots.resolve("app", "feature")).isEqualTo(new ResolvedCommit("app", feature, "feature"));
        assertThat(snapshots.resolve("app", first)).isEqualTo(new ResolvedCommit("app", first, null));
        assertThat(snapshots.resolve("app", first.substring(0, 8)).sha()).isEqualTo(first);
        assertThat(snapshots.resolve("app", "main", first)).isEqualTo(new ResolvedCommit("app", first, "main"));
    }

    @Test
    void refusesWhatItCannotResolveWithSpecificCodes() {
        assertThat(code(() -> snapshots.resolve("nope", null))).isEqualTo("REPOSITORY_NOT_FOUND");
        assertThat(code(() -> snapshots.resolve("app", "nope"))).isEqualTo("BRANCH_NOT_FOUND");
        assertThat(code(() -> snapshots.resolve("app", null, "0123456789012345678901234567890123456789")))
                .isEqualTo("COMMIT_NOT_FOUND");
        assertThat(code(() -> snapshots.resolve("app", null, "not-hex"))).isEqualTo("INVALID_COMMIT");
        assertThat(code(() -> snapshots.resolve("app", "main", feature))).isEqualTo("COMMIT_NOT_ON_BRANCH");
        assertThat(code(() -> snapshots.resolve("empty", null))).isEqualTo("REPOSITORY_EMPTY");
    }

    @Test
    void theTarGzHoldsTheTreeAtTheCommitWithExecutableBitsAndSymlinksAndNoGitDirectory() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        snapshots.writeTarGz(snapshots.resolve("app", null, first), out);

        Map<String, TarArchiveEntry> entries = new HashMap<>();
        Map<String, String> contents = new HashMap<>();
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new GzipCompressorInputStream(
                new ByteArrayInputStream(out.toByteArray())))) {
            for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
                entries.put(entry.getName(), entry);
                if (entry.isFile()) {
                    contents.put(entry.getName(), new String(tar.readAllBytes(), StandardCharsets.UTF_8));
                }
            }
        }
        assertThat(entries).containsOnlyKeys("README.md", "bin/", "bin/build.sh", "docs-link");
        assertThat(contents).containsEntry("README.md", "one\n").containsEntry("bin/build.sh", "#!/bin/sh\necho built\n");
        assertThat(entries.get("bin/").isDirectory()).isTrue();
        assertThat(entries.get("bin/build.sh").getMode() & 0777).isEqualTo(0755);
        assertThat(entries.get("README.md").getMode() & 0777).isEqualTo(0644);
        assertThat(entries.get("docs-link").isSymbolicLink()).isTrue();
        assertThat(entries.get("docs-link").getLinkName()).isEqualTo("README.md");
    }

    private static String code(Runnable call) {
        try {
            call.run();
        } catch (Refusal refusal) {
            return refusal.code();
        }
        throw new AssertionError("no refusal");
    }

    @Test
    void theStreamIsLeftOpenForTheCaller() throws Exception {
        boolean[] closed = {false};
        ByteArrayOutputStream out = new ByteArrayOutputStream() {
            @Override
            public void close() {
                closed[0] = true;
            }
        };
        snapshots.writeTarGz(snapshots.resolve("app", "feature"), out);
        assertThat(closed[0]).isFalse();
        assertThat(out.size()).isPositive();
        assertThatThrownBy(() -> snapshots.writeTarGz(new ResolvedCommit("gone", first, null), out))
                .isInstanceOf(Refusal.class);
    }
}
