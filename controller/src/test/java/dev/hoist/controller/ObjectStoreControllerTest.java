package dev.hoist.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hoist.controller.testing.S3ProxyServer;
import dev.hoist.controller.testing.TestBundles;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;

/** The controller with {@code bundles.store: s3} against a real S3-compatible server: start and push failures. */
class ObjectStoreControllerTest {
    @TempDir
    static Path serverDir;
    private static S3ProxyServer s3;

    @TempDir
    Path temp;

    @BeforeAll
    static void startObjectStore() throws Exception {
        s3 = S3ProxyServer.start(serverDir);
    }

    @AfterAll
    static void stopObjectStore() {
        if (s3 != null) {
            s3.close();
        }
    }

    @Test
    void aMissingBucketStopsTheStartWithEndpointBucketAndError() {
        assertThatThrownBy(() -> RunningController.start(temp.resolve("data"), config("no-such-bucket")))
                .hasStackTraceContaining(s3.endpoint())
                .hasStackTraceContaining("no-such-bucket")
                .hasStackTraceContaining("404");
    }

    @Test
    void aPushWhileTheBucketIsGoneIsRefusedNamingItAndRecordsNothing() throws Exception {
        s3.createBucket("push-bucket");
        try (RunningController controller = RunningController.start(temp.resolve("data"), config("push-bucket"))) {
            String token = controller.adminToken();
            assertThat(controller.call("POST", "/api/v1/applications", token, "{\"name\": \"web\"}").status())
                    .isEqualTo(201);
            byte[] bundle = TestBundles.installingTo(temp.resolve("site")).tgz();
            assertThat(push(controller, token, bundle).statusCode()).isEqualTo(201);
            try (S3Client client = s3.client()) {
                client.listObjectsV2(b -> b.bucket("push-bucket")).contents().forEach(object ->
                        client.deleteObject(b -> b.bucket("push-bucket").key(object.key())));
                client.deleteBucket(b -> b.bucket("push-bucket"));
            }

            HttpResponse<String> refused = push(controller, token, TestBundles.installingTo(temp.resolve("other"))
                    .file("extra.txt", "other bytes").tgz());

            assertThat(refused.statusCode()).isEqualTo(503);
            assertThat(refused.body()).contains("ARTIFACT_STORE_UNAVAILABLE", s3.endpoint(), "push-bucket");
            assertThat(controller.call("GET", "/api/v1/applications/web/revisions", token, null).json()).hasSize(1);
        }
    }

    private static String config(String bucket) {
        return "bundles: {store: s3, s3: {endpoint: '" + s3.endpoint() + "', region: " + S3ProxyServer.REGION
                + ", bucket: " + bucket + ", accessKeyId: " + S3ProxyServer.ACCESS_KEY + ", secretAccessKey: "
                + S3ProxyServer.SECRET_KEY + "}}";
    }

    private static HttpResponse<String> push(RunningController controller, String token, byte[] bundle)
            throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(controller.apiUrl()
                        + "/api/v1/applications/web/revisions"))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/gzip")
                .POST(HttpRequest.BodyPublishers.ofByteArray(bundle)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
