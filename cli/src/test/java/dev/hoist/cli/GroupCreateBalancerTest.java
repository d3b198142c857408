package dev.hoist.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code hoist group create ... --load-balancer BACKEND}: the group and its balancer in one call, against
 * recorded controller answers; options that need one another are usage errors sent nowhere.
 */
class GroupCreateBalancerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CREATE = "POST /api/v1/applications/hello-web/deployment-groups";

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
    void theBalancerTravelsWithTheGroupInOneCall() throws Exception {
        controller.answer(CREATE, 201, """
                {"id": "dg-1", "application": "hello-web", "name": "web", "tagSet": [["role=web"]],
                 "agentIds": null, "config": "OneAtATime", "autoRollback": null, "fileExistsBehavior": "DISALLOW",
                 "healthChecks": [], "scriptTimeoutLimitSeconds": 3600, "createdAt": "2025-01-01T10:00:00Z",
                 "hosts": [], "unknownAgentIds": []}
                """);

        CliRun run = hoist("group", "create", "--app", "hello-web", "--name", "web", "--tag", "role=web",
                "--load-balancer", "web", "--load-balancer", "api", "--balancer-agent-tag", "role=lb",
                "--server-tag", "lb.server", "--blue-green", "pool=blue,pool=green", "--wait-for-continue", "30m");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(controller.requests()).hasSize(1);
        assertThat(JSON.readTree(controller.requests().get(0).body()).path("loadBalancer")).isEqualTo(JSON.readTree("""
                {"agentTag": "role=lb", "backends": ["web", "api"], "serverTag": "lb.server",
                 "blueTag": "pool=blue", "greenTag": "pool=green", "waitBeforeReroute": {"expirySeconds": 1800}}
                """));
        assertThat(run.out()).contains("Created deployment group web of hello-web (0 host(s) now), behind backend(s) "
                + "web, api, blue/green");
    }

    @Test
    void aGroupWithoutABalancerSendsNone() throws Exception {
        controller.answer(CREATE, 201, """
                {"id": "dg-1", "application": "hello-web", "name": "web", "tagSet": [["role=web"]],
                 "agentIds": null, "config": "OneAtATime", "autoRollback": null, "fileExistsBehavior": "DISALLOW",
                 "healthChecks": [], "scriptTimeoutLimitSeconds": 3600, "createdAt": "2025-01-01T10:00:00Z",
                 "hosts": [], "unknownAgentIds": []}
                """);

        CliRun run = hoist("group", "create", "--app", "hello-web", "--name", "web", "--tag", "role=web");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(JSON.readTree(controller.requests().get(0).body()).has("loadBalancer")).isFalse();
    }

    @Test
    void balancerOptionsWithoutABackendOrWithoutItsAgentAreUsageErrors() {
        CliRun noBackend = hoist("group", "create", "--app", "hello-web", "--name", "web", "--tag", "role=web",
                "--server-tag", "lb.server");
        assertThat(noBackend.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(noBackend.err()).contains("add --load-balancer BACKEND");

        CliRun noAgent = hoist("group", "create", "--app", "hello-web", "--name", "web", "--tag", "role=web",
                "--load-balancer", "web");
        assertThat(noAgent.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(noAgent.err()).contains("--balancer-agent ID or --balancer-agent-tag K=V");

        CliRun oneSet = hoist("group", "create", "--app", "hello-web", "--name", "web", "--tag", "role=web",
                "--load-balancer", "web", "--balancer-agent", "agt-lb", "--blue-green", "pool=blue");
        assertThat(oneSet.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(oneSet.err()).contains("--blue-green takes the two sets' tags, BLUE,GREEN");

        CliRun waitInPlace = hoist("group", "create", "--app", "hello-web", "--name", "web", "--tag", "role=web",
                "--load-balancer", "web", "--balancer-agent", "agt-lb", "--wait-for-continue", "1h");
        assertThat(waitInPlace.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(waitInPlace.err()).contains("--wait-for-continue is for blue/green groups");
        assertThat(controller.requests()).isEmpty();
    }
}
