package dev.hoist.controller.artifacts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hoist.controller.testing.S3ProxyServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;

/** The s3 backend against a real S3-compatible server (S3Proxy, filesystem backend) on loopback. */
class S3BlobStoreTest extends BlobStoreContract {
    @TempDir
    static Path serverDir;

    private static S3ProxyServer server;

    @TempDir
    Path spool;

    private String bucket;
    private S3BlobStore store;

    @BeforeAll
    static void startServer() throws IOException {
        server = S3ProxyServer.start(serverDir);
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @BeforeEach
    void openStore() throws IOException {
        bucket = "hoist-" + UUID.randomUUID().toString().substring(0, 8);
        server.createBucket(bucket);
        store = server.settings(bucket).build(spool, Clock.systemUTC());
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    @Override
    BlobStore store() {
        return store;
    }

    @Override
    List<String> leftoverStaging() throws IOException {
        try (Stream<Path> files = Files.list(spool)) {
            return files.map(Path::toString).toList();
        }
    }

    @Test
    void blobsAreObjectsUnderThePrefixNamedByTheirDigest() throws IOException {
        BlobStore.Stored stored = store.put(stream("bundle one"), 1024, null);

        try (S3Client s3 = server.client()) {
            assertThat(s3.listObjectsV2(b -> b.bucket(bucket)).contents())
                    // S3Proxy's filesystem backend lists the folder it keeps the prefix in as a key of its own.
                    .extracting(o -> o.key()).filteredOn(key -> !key.endsWith("/")).containsExactly("blobs/" + stored.sha256());
        }
    }

    @Test
    void aPresignedUrlServesTheBlobToAPlainHttpClientWithRanges() throws Exception {
        BlobStore.Stored stored = store.put(stream("fetched directly"), 1024, null);
        URI url = store.presignedGet(stored.sha256(), Duration.ofMinutes(5)).orElseThrow();

        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> whole = http.send(HttpRequest.newBuilder(url).build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> tail = http.send(HttpRequest.newBuilder(url).header("Range", "bytes=8-").build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(whole.statusCode()).isEqualTo(200);
        assertThat(whole.body()).isEqualTo("fetched directly");
        assertThat(tail.statusCode()).isEqualTo(206);
        assertThat(tail.body()).isEqualTo("directly");
    }

    @Test
    void anExpiredPresignedUrlIsRefusedByTheStore() throws Exception {
        BlobStore.Stored stored = store.put(stream("too late"), 1024, null);
        Clock anHourAgo = Clock.fixed(Instant.now().minus(Duration.ofHours(1)), ZoneOffset.UTC);
        try (S3BlobStore past = server.settings(bucket).build(spool, anHourAgo)) {
            URI url = past.presignedGet(stored.sha256(), Duration.ofMinutes(1)).orElseThrow();

            HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(url).build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(answer.statusCode()).isEqualTo(403);
        }
    }

    @Test
    void aMissingBucketFailsTheStartNamingEndpointBucketAndError() {
        assertThatThrownBy(() -> server.settings("no-such-bucket").build(spool, Clock.systemUTC()))
                .isInstanceOf(BlobStore.BlobStoreUnavailableException.class)
                .hasMessageContaining(server.endpoint())
                .hasMessageContaining("no-such-bucket")
                .hasMessageContaining("404");
    }

    @Test
    void wrongCredentialsFailTheStartNamingTheError() {
        S3StoreFactory wrong = new S3StoreFactory(server.endpoint(), S3ProxyServer.REGION, bucket, "blobs/", true,
                S3ProxyServer.ACCESS_KEY, "not-the-secret");

        assertThatThrownBy(() -> wrong.build(spool, Clock.systemUTC()))
                .isInstanceOf(BlobStore.BlobStoreUnavailableException.class)
                .hasMessageContaining(bucket)
                .hasMessageContaining("403");
    }

    @Test
    void aBucketThatGoesAwayFailsThePushClearlyAndNothingIsHalfStored() throws IOException {
        try (S3Client s3 = server.client()) {
            s3.deleteBucket(b -> b.bucket(bucket));
        }

        assertThatThrownBy(() -> store.put(stream("after the bucket went"), 1024, null))
                .isInstanceOf(BlobStore.BlobStoreUnavailableException.class)
                .hasMessageContaining(server.endpoint())
                .hasMessageContaining(bucket);
        assertThat(leftoverStaging()).isEmpty();
        server.createBucket(bucket);
        assertThat(store.exists(sha256Of("after the bucket went".getBytes(StandardCharsets.UTF_8)))).isFalse();
    }
}
