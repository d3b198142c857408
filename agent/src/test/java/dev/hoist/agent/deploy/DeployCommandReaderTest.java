package dev.hoist.agent.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hoist.agent.exchange.BundleReference;
import dev.hoist.agent.exchange.Deploy;
import dev.hoist.agent.exchange.HealthCheckSpec;
import dev.hoist.agent.exchange.HealthCheckSpec.Kind;
import dev.hoist.protocol.appspec.LifecycleEvent;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DeployCommandReaderTest {

    private static Deploy good(List<String> events, String behavior, String sha256, String type, String deploymentId,
            Map<String, String> environment, String commit, List<HealthCheckSpec> checks) {
        return new Deploy("cmd-1", deploymentId, "shop", "web", "g-web", "rev-1",
                new BundleReference(sha256, 0, type, commit), events, behavior, false, environment, checks);
    }

    private static Deploy good(List<HealthCheckSpec> checks) {
        return good(List.of("DownloadBundle", "Install"), "OVERWRITE", "ab".repeat(32), "tgz", "d-1", Map.of(), "",
                checks);
    }

    private static HealthCheckSpec check(Kind kind, String target, int bake, int interval) {
        return new HealthCheckSpec(kind, target, 0, interval, 0, bake);
    }

    @Test
    void aGoodCommandBecomesTheEnginesRequest() {
        Deploy command = good(List.of("DownloadBundle", "Install"), "OVERWRITE", "ab".repeat(32), "tgz", "d-1",
                Map.of("TIER", "web"), "c0ffee", List.of());

        assertThat(DeployCommandReader.problem(command)).isEmpty();
        var request = DeployCommandReader.request(command, Path.of("/cache/x"));
        assertThat(request.events()).containsExactly(LifecycleEvent.DOWNLOAD_BUNDLE, LifecycleEvent.INSTALL);
        assertThat(request.expectedSha256()).isEqualTo("ab".repeat(32));
        assertThat(request.bundleCommit()).isEqualTo("c0ffee");
        assertThat(request.extraEnvironment()).containsEntry("TIER", "web");
    }

    @Test
    void everyProblemIsNamedWithTheBadValueAndWhatIsValid() {
        Deploy command = good(List.of("DownloadBundle", "Install", "Install", "Deploy"), "CLOBBER", "nope", "rar",
                "../../etc", Map.of(), "", List.of(check(Kind.TCP_ADDRESS, "localhost", 0, 0),
                        check(Kind.HTTP_URL, "ftp://x/", 0, 0), check(Kind.NONE, "", 0, 0)));

        String problem = DeployCommandReader.problem(command).orElseThrow();

        assertThat(problem).contains("deployment_id '../../etc' cannot name a directory",
                "bundle_sha256 'nope' is not a SHA-256", "bundle_type 'rar'", "valid: tar, tgz, zip",
                "event Install is named twice", "event 'Deploy' is not a lifecycle event", "ValidateService",
                "file_exists_behavior 'CLOBBER'", "health check 1: TCP health check address 'localhost'",
                "health check 2: 'ftp://x/' is not an http(s) URL",
                "health check 3: names no check; set http_url, tcp_address or command");
    }

    @Test
    void theGateTakesTheLongestBakeAndTheShortestInterval() {
        Deploy command = good(List.of(check(Kind.COMMAND, "true", 30, 10), check(Kind.COMMAND, "true", 5, 2)));

        assertThat(DeployCommandReader.bake(command)).isEqualTo(Duration.ofSeconds(30));
        assertThat(DeployCommandReader.interval(command)).isEqualTo(Duration.ofSeconds(2));
        assertThat(DeployCommandReader.healthChecks(command)).hasSize(2);
    }
}
