package dev.hoist.controller.bundles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BundleStoreTest {
    @TempDir
    Path dir;

    @Test
    void storesABundleUnderItsDigestAndFindsIt() throws IOException {
        BundleStore store = new BundleStore(dir);

        BundleStore.StoredBundle stored = store.put(stream("bundle one"), 1024);

        assertThat(stored.sha256()).hasSize(64).isEqualTo(sha256Of("bundle one"));
        assertThat(stored.sizeBytes()).isEqualTo(10);
        assertThat(stored.alreadyStored()).isFalse();
        assertThat(store.find(stored.sha256())).hasValueSatisfying(path ->
                assertThat(path).hasContent("bundle one"));
    }

    @Test
    void theSameBundleTwiceIsStoredOnce() throws IOException {
        BundleStore store = new BundleStore(dir);
        store.put(stream("same bytes"), 1024);

        BundleStore.StoredBundle again = store.put(stream("same bytes"), 1024);

        assertThat(again.alreadyStored()).isTrue();
        assertThat(storedFiles()).hasSize(1);
    }

    @Test
    void aBundleOverTheLimitIsRefusedAndNothingIsKept() throws IOException {
        BundleStore store = new BundleStore(dir);

        assertThatThrownBy(() -> store.put(stream("x".repeat(2048)), 1024))
                .isInstanceOf(BundleStore.BundleTooLargeException.class)
                .hasMessageContaining("1024 bytes");
        assertThat(storedFiles()).isEmpty();
        try (Stream<Path> temp = Files.list(dir.resolve("tmp"))) {
            assertThat(temp).isEmpty();
        }
    }

    @Test
    void findRefusesAnythingButAStoredLowerCaseHexDigest() throws IOException {
        BundleStore store = new BundleStore(dir);
        store.put(stream("bundle one"), 1024);

        assertThat(store.find("../../etc/passwd")).isEmpty();
        assertThat(store.find(sha256Of("bundle one").toUpperCase())).isEmpty();
        assertThat(store.find("0".repeat(64))).isEmpty();
    }

    private Stream<Path> storedFiles() throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            return all.filter(Files::isRegularFile).filter(p -> !p.getParent().endsWith("tmp")).toList().stream();
        }
    }

    private static InputStream stream(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String sha256Of(String text) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
