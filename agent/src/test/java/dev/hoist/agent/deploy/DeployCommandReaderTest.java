package dev.hoist.agent.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hoist.protocol.appspec.LifecycleEvent;
import dev.hoist.protocol.v1.DeployCommand;
import dev.hoist.protocol.v1.HealthCheck;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class DeployCommandReaderTest {

    private static DeployCommand.Builder good() {
        return DeployCommand.newBuilder().setCommandId("cmd-1").setDeploymentId("d-1").setApplicationName("shop")
                .setDeploymentGroupName("web").setDeploymentGroupId("g-web").setRevisionId("rev-1")
                .setBundleSha256("ab".repeat(32)).setBundleType("tgz").addEvents("DownloadBundle")
                .addEvents("Install").setFileExistsBehavior("OVERWRITE");
    }

    @Test
    void aGoodCommandBecomesTheEnginesRequest() {
        DeployCommand command = good().putEnvironment("TIER", "web").setBundleCommit("c0ffee").build();

        assertThat(DeployCommandReader.problem(command)).isEmpty();
        var request = DeployCommandReader.request(command, Path.of("/cache/x"));
        assertThat(request.events()).containsExactly(LifecycleEvent.DOWNLOAD_BUNDLE, LifecycleEvent.INSTALL);
        assertThat(request.expectedSha256()).isEqualTo("ab".repeat(32));
        assertThat(request.bundleCommit()).isEqualTo("c0ffee");
        assertThat(request.extraEnvironment()).containsEntry("TIER", "web");
    }

    @Test
    void everyProblemIsNamedWithTheBadValueAndWhatIsValid() {
        DeployCommand command = good().setDeploymentId("../../etc").setBundleSha256("nope").setBundleType("rar")
                .addEvents("Install").addEvents("Deploy").setFileExistsBehavior("CLOBBER")
                .addHealthChecks(HealthCheck.newBuilder().setTcpAddress("localhost"))
                .addHealthChecks(HealthCheck.newBuilder().setHttpUrl("ftp://x/")).build();

        String problem = DeployCommandReader.problem(command).orElseThrow();

        assertThat(problem).contains("deployment_id '../../etc' cannot name a directory",
                "bundle_sha256 'nope' is not a SHA-256", "bundle_type 'rar'", "valid: tar, tgz, zip",
                "event Install is named twice", "event 'Deploy' is not a lifecycle event", "ValidateService",
                "file_exists_behavior 'CLOBBER'", "health check 1: TCP health check address 'localhost'",
                "health check 2: 'ftp://x/' is not an http(s) URL");
    }

    @Test
    void theGateTakesTheLongestBakeAndTheShortestInterval() {
        DeployCommand command = good()
                .addHealthChecks(HealthCheck.newBuilder().setCommand("true").setBakeSeconds(30).setIntervalSeconds(10))
                .addHealthChecks(HealthCheck.newBuilder().setCommand("true").setBakeSeconds(5).setIntervalSeconds(2))
                .build();

        assertThat(DeployCommandReader.bake(command)).isEqualTo(Duration.ofSeconds(30));
        assertThat(DeployCommandReader.interval(command)).isEqualTo(Duration.ofSeconds(2));
        assertThat(DeployCommandReader.healthChecks(command)).hasSize(2);
    }
}
