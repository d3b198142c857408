package dev.hoist.cli;

import static dev.hoist.cli.deployments.Recorded.text;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code hoist deploy} and {@code hoist deployment ...} against recorded controller answers, with no
 * event stream (the stream path answers 404), so the polling fallback alone has to carry the wait.
 */
class DeployCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String DEPLOYMENT = "GET /api/v1/deployments/dep-1a2b";

    @TempDir
    Path dir;

    private RecordedController controller;

    @BeforeEach
    void start() {
        controller = new RecordedController().answer("POST /api/v1/deployments", 201, text("created"));
    }

    @AfterEach
    void stop() {
        controller.close();
    }

    private CliRun hoist(String... args) {
        return CliRun.run(Map.of("HOIST_URL", controller.url(), "HOIST_TOKEN", "t"), dir, args);
    }

    @Test
    void withoutWaitItPrintsTheIdAndSendsOnlyWhatWasGiven() throws Exception {
        CliRun run = hoist("deploy", "--app", "hello-web", "--group", "web", "--config", "AllAtOnce",
                "--file-exists-behavior", "overwrite", "--no-auto-rollback", "--ignore-application-stop-failures");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).isEqualTo("dep-1a2b\n");
        assertThat(run.err()).contains("hoist deployment get dep-1a2b");
        JsonNode sent = JSON.readTree(controller.requests().get(0).body());
        assertThat(sent).isEqualTo(JSON.readTree("""
                {"application": "hello-web", "group": "web", "revision": "latest", "config": "AllAtOnce",
                 "ignoreApplicationStopFailures": true, "fileExistsBehavior": "OVERWRITE", "autoRollback": false}
                """));
    }

    @Test
    void aCreateAnsweredUnavailableIsSentAgainWithTheSameIdempotencyKey() {
        controller.close();
        controller = new RecordedController()
                .answer("POST /api/v1/deployments", 503, "{\"code\": \"STORE_UNAVAILABLE\", \"message\": \"the "
                        + "controller's store is refusing writes right now\"}")
                .answer("POST /api/v1/deployments", 201, text("created"));

        CliRun run = hoist("deploy", "--app", "hello-web", "--group", "web");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).isEqualTo("dep-1a2b\n");
        List<RecordedController.Request> posts = controller.requests().stream()
                .filter(r -> r.method().equals("POST")).toList();
        assertThat(posts).hasSize(2);
        assertThat(posts.get(0).idempotencyKey()).isNotBlank().isEqualTo(posts.get(1).idempotencyKey());
        assertThat(posts.get(0).body()).isEqualTo(posts.get(1).body());
    }

    @Test
    void aCreateStillUnavailableAfterItsRetriesSaysWhy() {
        controller.close();
        controller = new RecordedController().answer("POST /api/v1/deployments", 503, "{\"code\": "
                + "\"STORE_UNAVAILABLE\", \"message\": \"the controller's store is refusing writes right now\"}");

        CliRun run = hoist("deploy", "--app", "hello-web", "--group", "web");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.REFUSED);
        assertThat(run.err()).contains("STORE_UNAVAILABLE");
        assertThat(controller.requests().stream().filter(r -> r.method().equals("POST"))).hasSize(5);
    }

    @Test
    void waitFollowsToSuccessByPollingAloneAndExitsZero() {
        controller.answer(DEPLOYMENT, 200, text("created"), text("first-host-starting"), text("succeeded"));

        CliRun run = hoist("deploy", "--app", "hello-web", "--group", "web", "--wait");

        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.OK);
        assertThat(run.out()).contains("web-1  ApplicationStart  started")
                .contains("web-3  Succeeded  [3/3 hosts done]")
                .contains("deployment dep-1a2b  Succeeded")
                .endsWith("Deployment dep-1a2b Succeeded (3 succeeded, 0 failed, 0 skipped of 3 hosts, 4.2s).\n");
    }

    @Test
    void waitFollowsTheAutomaticRollbackAndExitsWithTheFailedCode() {
        controller.answer(DEPLOYMENT, 200, text("first-host-starting"), text("second-host-failed"), text("failed"))
                .answer("GET /api/v1/deployments/dep-rb01", 200, text("rollback-succeeded"));

        CliRun run = hoist("deploy", "--app", "hello-web", "--group", "web", "--wait");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.DEPLOYMENT_FAILED);
        assertThat(run.out()).contains("web-2  ValidateService  Failed  SCRIPT_FAILED (exit 1)")
                .contains("Deployment dep-1a2b Failed: too few healthy hosts")
                .contains("Automatic rollback: deployment dep-rb01")
                .contains("Rollback dep-rb01 Succeeded (3 succeeded, 0 failed, 0 skipped of 3 hosts, 9.0s).");
        assertThat(run.err()).contains("hoist: deployment dep-1a2b failed");
    }

    @Test
    void jsonOutputIsTheFinalObjectAloneWithProgressOnStderr() throws Exception {
        controller.answer(DEPLOYMENT, 200, text("first-host-starting"), text("stopped"));

        CliRun run = hoist("deploy", "--app", "hello-web", "--group", "web", "--wait", "--output", "json",
                "--no-auto-rollback");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.DEPLOYMENT_STOPPED);
        JsonNode printed = JSON.readTree(run.out());
        assertThat(printed.get("status").asText()).isEqualTo("Stopped");
        assertThat(run.err()).contains("web-1  ApplicationStart  started").contains("was stopped");
    }

    @Test
    void theWaitIsBoundedByTimeoutAndSaysTheDeploymentGoesOn() {
        controller.answer(DEPLOYMENT, 200, text("first-host-starting"));

        CliRun run = hoist("deploy", "--app", "hello-web", "--group", "web", "--wait", "--timeout", "1s");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.WAIT_TIMED_OUT);
        assertThat(run.err()).contains("still InProgress after 1.0s (--timeout); it goes on")
                .contains("hoist deployment stop dep-1a2b");
    }

    @Test
    void aBadTimeoutOrBehaviourIsAUsageErrorSayingWhatWouldWork() {
        CliRun timeout = hoist("deploy", "--app", "a", "--group", "g", "--wait", "--timeout", "soon");
        assertThat(timeout.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(timeout.err()).contains("'soon' is not a duration").contains("1h30m");

        CliRun behaviour = hoist("deploy", "--app", "a", "--group", "g", "--file-exists-behavior", "clobber");
        assertThat(behaviour.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(behaviour.err()).contains("DISALLOW, OVERWRITE, RETAIN");
        assertThat(controller.requests()).isEmpty();
    }

    @Test
    void aRefusalShowsTheControllersCodeAndMessage() {
        controller.close();
        controller = new RecordedController().answer("POST /api/v1/deployments", 404,
                "{\"code\":\"GROUP_NOT_FOUND\",\"message\":\"application hello-web has no group 'wbe'\"}");

        CliRun run = hoist("deploy", "--app", "hello-web", "--group", "wbe", "--wait");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.REFUSED);
        assertThat(run.err()).contains("GROUP_NOT_FOUND: application hello-web has no group 'wbe'");
    }

    @Test
    void getPrintsHostsAndEventsAndLogsPrefixesEachLine() {
        controller.answer(DEPLOYMENT, 200, text("failed"))
                .answer("GET /api/v1/deployments/dep-1a2b/logs?limit=1000", 200, text("logs-web-1"))
                .answer("GET /api/v1/deployments/dep-1a2b/logs?limit=1000&afterSequence=11", 200, "[]")
                .answer("GET /api/v1/deployments/dep-1a2b/logs?limit=1000&agent=agt-1", 200, text("logs-web-1"));

        CliRun get = hoist("deployment", "get", "dep-1a2b");
        CliRun logs = hoist("deployment", "logs", "dep-1a2b");
        CliRun oneHost = hoist("deployment", "logs", "dep-1a2b", "--agent", "web-1");
        CliRun noSuchHost = hoist("deployment", "logs", "dep-1a2b", "--agent", "web-9");

        assertThat(get.exitCode()).isZero();
        assertThat(get.out()).contains("web-2 (agt-2)  Failed  SCRIPT_FAILED");
        assertThat(logs.out()).isEqualTo("[web-1 ApplicationStart] starting hello-web on port 18099\n"
                + "[web-1 ValidateService stderr] waiting for port 18099\n");
        assertThat(oneHost.out()).isEqualTo(logs.out());
        assertThat(noSuchHost.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(noSuchHost.err()).contains("has no host 'web-9'; its hosts are: web-1, web-2, web-3");
    }

    @Test
    void followReadsOnFromTheLastLineUntilTheDeploymentEnds() {
        controller.answer(DEPLOYMENT, 200, text("first-host-starting"), text("succeeded"))
                .answer("GET /api/v1/deployments/dep-1a2b/logs?limit=1000", 200, text("logs-web-1"))
                .answer("GET /api/v1/deployments/dep-1a2b/logs?limit=1000&afterSequence=11", 200,
                        "[{\"agentId\":\"agt-2\",\"lineNumber\":1,\"sequence\":12,\"event\":\"ValidateService\","
                                + "\"stream\":\"stdout\",\"text\":\"hello-web answers\"}]", "[]")
                .answer("GET /api/v1/deployments/dep-1a2b/logs?limit=1000&afterSequence=12", 200, "[]");

        CliRun run = hoist("deployment", "logs", "dep-1a2b", "--follow");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out().lines()).containsExactly("[web-1 ApplicationStart] starting hello-web on port 18099",
                "[web-1 ValidateService stderr] waiting for port 18099", "[web-2 ValidateService] hello-web answers");
    }

    @Test
    void listShowsOneRowPerDeployment() {
        controller.answer("GET /api/v1/deployments?group=web&limit=20", 200,
                "[" + text("failed") + "," + text("rollback-succeeded") + "]");

        CliRun run = hoist("deployment", "list", "--group", "web");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out().lines()).hasSize(3);
        assertThat(run.out()).contains("dep-rb01").contains("rollback").contains("1/3 ok, 1 failed");
    }
}
