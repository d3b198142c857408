package dev.hoist.controller.artifacts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** What every {@link BlobStore} backend promises; each backend's test runs these against the real thing. */
abstract class BlobStoreContract {

    abstract BlobStore store();

    /** Files the backend left in its staging area (uploads in progress or given up). */
    abstract List<String> leftoverStaging() throws IOException;

    @Test
    void storesBytesUnderTheirDigestAndReadsThemBack() throws IOException {
        Stored stored = put("bundle one");

        assertThat(stored.sha256()).isEqualTo(sha256Of("bundle one".getBytes(StandardCharsets.UTF_8)));
        assertThat(stored.sizeBytes()).isEqualTo(10);
        assertThat(stored.alreadyStored()).isFalse();
        assertThat(store().exists(stored.sha256())).isTrue();
        assertThat(store().size(stored.sha256())).contains(10L);
        try (InputStream in = store().open(stored.sha256(), 0, -1)) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("bundle one");
        }
    }

    @Test
    void rangedReadsReturnExactlyTheRangeAsked() throws IOException {
        byte[] bytes = new byte[300_000];
        new Random(7).nextBytes(bytes);
        BlobStore.Stored stored = store().put(new ByteArrayInputStream(bytes), Long.MAX_VALUE, null);

        try (InputStream in = store().open(stored.sha256(), 1000, 5000)) {
            assertThat(in.readAllBytes()).isEqualTo(java.util.Arrays.copyOfRange(bytes, 1000, 6000));
        }
        try (InputStream in = store().open(stored.sha256(), 250_000, -1)) {
            assertThat(in.readAllBytes()).isEqualTo(java.util.Arrays.copyOfRange(bytes, 250_000, 300_000));
        }
    }

    @Test
    void theSameBytesTwiceAreStoredOnce() throws IOException {
        put("same bytes");

        Stored again = put("same bytes");

        assertThat(again.alreadyStored()).isTrue();
        assertThat(listed()).hasSize(1);
    }

    @Test
    void anUploadOverTheLimitIsRefusedAndNothingIsKept() throws IOException {
        assertThatThrownBy(() -> store().put(stream("x".repeat(2048)), 1024, null))
                .isInstanceOf(BlobStore.BlobTooLargeException.class)
                .hasMessageContaining("1024 bytes");

        assertThat(listed()).isEmpty();
        assertThat(leftoverStaging()).isEmpty();
    }

    @Test
    void bytesThatDoNotMatchTheExpectedDigestAreRefusedAndNothingIsKept() throws IOException {
        String expected = sha256Of("what was promised".getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(() -> store().put(stream("what arrived"), 1024, expected))
                .isInstanceOf(BlobStore.BlobDigestMismatchException.class)
                .hasMessageContaining(expected);

        assertThat(listed()).isEmpty();
        assertThat(leftoverStaging()).isEmpty();
    }

    @Test
    void bytesMatchingTheExpectedDigestAreStored() throws IOException {
        String expected = sha256Of("promised".getBytes(StandardCharsets.UTF_8));

        assertThat(store().put(stream("promised"), 1024, expected).sha256()).isEqualTo(expected);
        assertThat(store().exists(expected)).isTrue();
    }

    @Test
    void deleteRemovesTheBlobAndIsIdempotent() throws IOException {
        Stored stored = put("to delete");

        assertThat(store().delete(stored.sha256())).isTrue();
        assertThat(store().exists(stored.sha256())).isFalse();
        assertThat(store().delete(stored.sha256())).isFalse();
        assertThatThrownBy(() -> store().open(stored.sha256(), 0, -1))
                .isInstanceOf(BlobStore.BlobNotFoundException.class);
    }

    @Test
    void listShowsEveryCompleteBlobWithItsSize() throws IOException {
        Stored one = put("one");
        Stored two = put("two two");

        assertThat(listed()).extracting(BlobStore.BlobInfo::sha256, BlobStore.BlobInfo::sizeBytes)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple(one.sha256(), 3L),
                        org.assertj.core.groups.Tuple.tuple(two.sha256(), 7L));
        assertThat(listed()).allSatisfy(info -> assertThat(info.storedAt()).isNotNull());
    }

    @Test
    void anythingButALowerCaseHexDigestIsNotFound() throws IOException {
        Stored stored = put("bundle one");

        assertThat(store().exists("../../etc/passwd")).isFalse();
        assertThat(store().exists(stored.sha256().toUpperCase())).isFalse();
        assertThat(store().exists("0".repeat(64))).isFalse();
        assertThatThrownBy(() -> store().open("../x", 0, -1)).isInstanceOf(BlobStore.BlobNotFoundException.class);
    }

    List<BlobStore.BlobInfo> listed() throws IOException {
        List<BlobStore.BlobInfo> all = new ArrayList<>();
        store().list(all::add);
        return all;
    }

    private Stored put(String text) throws IOException {
        BlobStore.Stored stored = store().put(stream(text), 1024, null);
        return new Stored(stored.sha256(), stored.sizeBytes(), stored.alreadyStored());
    }

    private record Stored(String sha256, long sizeBytes, boolean alreadyStored) {
    }

    static InputStream stream(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }

    static String sha256Of(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
