package dev.hoist.controller.e2e;

import static dev.hoist.controller.e2e.HoistCluster.assertSucceeded;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hoist.controller.testing.S3ProxyServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

/**
 * The s3 artifact store end to end, with real processes: a controller configured with a bucket on a real
 * S3-compatible server (S3Proxy), a real agent, the CLI. A push lands in the bucket and nowhere on the
 * controller's disk, the agent takes the bytes from the bucket through the presigned URL, and
 * {@code hoist revision get} gives the bundle back byte for byte.
 */
class ArtifactStoreIT {
    @TempDir
    Path work;

    private S3ProxyServer s3;
    private HoistCluster cluster;

    @BeforeEach
    void start() throws Exception {
        s3 = S3ProxyServer.start(work);
        s3.createBucket("hoist-it");
        cluster = new HoistCluster(work.resolve("cluster")).withConfig("""
                bundles:
                  store: s3
                  s3:
                    endpoint: %s
                    region: %s
                    bucket: hoist-it
                    prefix: blobs/
                    pathStyle: true
                    accessKeyId: %s
                    secretAccessKey: %s
                """.formatted(s3.endpoint(), S3ProxyServer.REGION, S3ProxyServer.ACCESS_KEY,
                S3ProxyServer.SECRET_KEY)).startController();
        cluster.addAgents(List.of("web-1"), "role=web");
        assertSucceeded(cluster.cli("app", "create", "shop"));
    }

    @AfterEach
    void stop() {
        if (cluster != null) {
            cluster.close();
        }
        if (s3 != null) {
            s3.close();
        }
    }

    @Test
    void aRevisionPushedToTheBucketDeploysWithTheAgentFetchingFromTheBucketDirectly() throws Exception {
        String revision = FleetDeploymentIT.push(cluster, "shop", TestBundle.version("v1"));
        JsonNode pushed = cluster.cliJson("revision", "list", "--app", "shop").get(0);
        String sha256 = pushed.get("sha256").asText();
        assertSucceeded(cluster.cli("group", "create", "--app", "shop", "--name", "web", "--tag", "role=web"));

        HoistProcesses.Result run = cluster.cli(FleetDeploymentIT.WAIT, "deploy", "--app", "shop", "--group", "web",
                "--wait", "--timeout", "2m");

        assertThat(run.exitCode()).as(run.all()).isZero();
        byte[] inBucket;
        try (S3Client client = s3.client()) {
            ResponseBytes<GetObjectResponse> object = client.getObjectAsBytes(b -> b.bucket("hoist-it")
                    .key("blobs/" + sha256));
            inBucket = object.asByteArray();
        }
        assertThat(inBucket).hasSize(pushed.get("sizeBytes").asInt());
        try (Stream<Path> files = Files.walk(cluster.dataDir().resolve("bundles"))) {
            assertThat(files.filter(Files::isRegularFile)).as("nothing kept on the controller's disk").isEmpty();
        }
        HoistProcesses.Result logs = cluster.cli("deployment", "logs", FleetDeploymentIT.deploymentId(run));
        assertThat(logs.stdout()).contains("directly from the object store").contains("and verified");
        assertThat(cluster.admin("/metrics/prometheus")).as("the controller served no bundle bytes")
                .containsPattern("(?m)^hoist_gateway_bundles_bytes_served_total 0(\\.0)?$");

        Path copy = work.resolve("copy.tgz");
        assertSucceeded(cluster.cli("revision", "get", revision, "--output", copy.toString()));
        assertThat(Files.readAllBytes(copy)).isEqualTo(inBucket);
    }
}
