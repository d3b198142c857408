package dev.hoist.cli;

import static dev.hoist.cli.deployments.Recorded.text;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Blue/green's wait for continue in the CLI, against recorded controller answers: {@code hoist deployment get}
 * shows a Ready deployment's deadline and the command that ends the wait, {@code hoist deployment continue}
 * sends it and reports a refusal with the controller's code, and {@code hoist group load-balancer set
 * --wait-for-continue} sends the group's expiry.
 */
class ContinueCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CONTINUE = "POST /api/v1/deployments/dep-1a2b/continue";
    private static final String LOAD_BALANCER = "/api/v1/applications/hello-web/deployment-groups/web/load-balancer";

    @TempDir
    Path dir;

    private RecordedController controller;

    @BeforeEach
    void start() {
        controller = new RecordedController();
    }

    @AfterEach
    void stop() {
        controller.close();
    }

    private CliRun hoist(String... args) {
        return CliRun.run(Map.of("HOIST_URL", controller.url(), "HOIST_TOKEN", "t"), dir, args);
    }

    @Test
    void getShowsAReadyDeploymentsDeadlineAndHowToContinue() {
        controller.answer("GET /api/v1/deployments/dep-1a2b", 200, text("ready"));

        CliRun run = hoist("deployment", "get", "dep-1a2b");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("Ready: every replacement host is ready; the traffic switches on "
                + "hoist deployment continue dep-1a2b, or the deployment is Stopped at 2025-01-01T11:00:05Z");
    }

    @Test
    void continueSendsTheCallAndSaysTheTrafficIsSwitching() {
        controller.answer(CONTINUE, 200, text("continued"));

        CliRun run = hoist("deployment", "continue", "dep-1a2b");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(controller.requests()).extracting(RecordedController.Request::path)
                .containsExactly("/api/v1/deployments/dep-1a2b/continue");
        assertThat(run.out()).contains("Deployment dep-1a2b is InProgress: the traffic is being switched to the "
                + "replacement set");
    }

    @Test
    void aContinueThatIsNotAwaitedExitsRefusedWithTheControllersCode() {
        controller.answer(CONTINUE, 409, "{\"code\": \"DEPLOYMENT_NOT_WAITING\", \"message\": \"deployment dep-1a2b "
                + "is InProgress, not Ready: its replacement hosts are not all ready yet\", \"details\": "
                + "{\"deploymentId\": \"dep-1a2b\", \"status\": \"InProgress\"}}");

        CliRun run = hoist("deployment", "continue", "dep-1a2b");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.REFUSED);
        assertThat(run.err()).contains("DEPLOYMENT_NOT_WAITING: deployment dep-1a2b is InProgress, not Ready");
    }

    @Test
    void loadBalancerSetSendsTheWaitAndShowsIt() throws Exception {
        controller.answer("PUT " + LOAD_BALANCER, 200, """
                {"application": "hello-web", "group": "web", "agentId": null, "agentTag": "role=lb",
                 "backends": ["web"], "serverTag": null, "drainTimeoutSeconds": 30, "upTimeoutSeconds": 60,
                 "guardTimeoutSeconds": 300, "blueTag": "pool=blue", "greenTag": "pool=green", "serving": "blue",
                 "waitBeforeReroute": {"expirySeconds": 3600}, "balancerAgentId": "agt-lb", "servers": [],
                 "hosts": []}
                """);

        CliRun run = hoist("group", "load-balancer", "set", "--app", "hello-web", "--group", "web",
                "--agent-tag", "role=lb", "--backend", "web", "--blue", "pool=blue", "--green", "pool=green",
                "--wait-for-continue", "1h");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(JSON.readTree(controller.requests().get(0).body()).path("waitBeforeReroute"))
                .isEqualTo(JSON.readTree("{\"expirySeconds\": 3600}"));
        assertThat(run.out()).contains("then switch once continued (hoist deployment continue ID)")
                .contains("Reroute:        waits for hoist deployment continue ID, at most 1h00m");
    }

    @Test
    void aWaitThatIsNotADurationIsAUsageError() {
        CliRun run = hoist("group", "load-balancer", "set", "--app", "hello-web", "--group", "web",
                "--agent-tag", "role=lb", "--backend", "web", "--blue", "pool=blue", "--green", "pool=green",
                "--wait-for-continue", "soon");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("--wait-for-continue");
        assertThat(controller.requests()).isEmpty();
    }
}
