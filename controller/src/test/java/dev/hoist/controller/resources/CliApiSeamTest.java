package dev.hoist.controller.resources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hoist.api.AgentView;
import dev.hoist.api.ApiTokenView;
import dev.hoist.api.ApplicationView;
import dev.hoist.api.AutoRollbackBody;
import dev.hoist.api.BundleUpload;
import dev.hoist.api.CreateApiTokenRequest;
import dev.hoist.api.CreateApplicationRequest;
import dev.hoist.api.CreateDeploymentConfigRequest;
import dev.hoist.api.CreateDeploymentGroupRequest;
import dev.hoist.api.CreateDeploymentRequest;
import dev.hoist.api.CreateJoinTokenRequest;
import dev.hoist.api.DeploymentConfigView;
import dev.hoist.api.DeploymentGroupView;
import dev.hoist.api.DeploymentView;
import dev.hoist.api.GroupHostView;
import dev.hoist.api.HealthCheckBody;
import dev.hoist.api.JoinTokenCreated;
import dev.hoist.api.JoinTokenView;
import dev.hoist.api.MinimumHealthyHostsBody;
import dev.hoist.api.RevisionView;
import dev.hoist.api.TagsRequest;
import dev.hoist.cli.client.ApiClient;
import dev.hoist.cli.client.ApiJson;
import dev.hoist.cli.client.CliFailure;
import dev.hoist.cli.client.Connection;
import dev.hoist.controller.RunningController;
import dev.hoist.controller.core.Agent;
import dev.hoist.controller.core.AgentState;
import dev.hoist.controller.core.Secrets;
import dev.hoist.controller.testing.TestBundles;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The seam between the CLI and the controller: the CLI's own client and JSON mapping send each request
 * record of {@code dev.hoist.api} to a real controller, whose resources read it, and read the controller's
 * answer back as the view record. A field one side renamed, or a type that no longer reads, fails here.
 */
class CliApiSeamTest {
    @TempDir
    static Path temp;

    private static RunningController controller;
    private static ApiClient cli;

    @BeforeAll
    static void start() throws Exception {
        controller = RunningController.start(temp.resolve("data"));
        ObjectMapper cliJson = ApiJson.mapper();
        cli = new ApiClient(new Connection(URI.create(controller.apiUrl()), controller.adminToken(), "test", null),
                cliJson);
    }

    @AfterAll
    static void stop() {
        if (controller != null) {
            controller.close();
        }
    }

    @Test
    void aGroupCreatedFromEveryFieldOfTheRequestRecordReadsBackAsTheSame() {
        String app = createApp();
        Agent web = enroll(Map.of("env", "seam", "role", "web"));
        DeploymentConfigView config = cli.post("/api/v1/deployment-configs", new CreateDeploymentConfigRequest(
                "Half-" + Secrets.newId(""), new MinimumHealthyHostsBody("FLEET_PERCENT", 50)),
                DeploymentConfigView.class).value();
        assertThat(config.minimumHealthyHosts()).isEqualTo(new MinimumHealthyHostsBody("FLEET_PERCENT", 50));
        assertThat(config.builtIn()).isFalse();
        assertThat(config.description()).contains("FLEET_PERCENT").contains("50");

        List<HealthCheckBody> checks = List.of(new HealthCheckBody("http", "http://127.0.0.1:8080/health", 204, 7, 3, 30),
                new HealthCheckBody("tcp", "127.0.0.1:8080", null, 5, 5, 0));
        CreateDeploymentGroupRequest request = new CreateDeploymentGroupRequest("web",
                List.of(List.of("env=seam"), List.of("role=web", "role=api")), null, config.name(),
                new AutoRollbackBody(true, List.of("DEPLOYMENT_FAILURE")), "OVERWRITE", checks, 600L, "all", null);
        DeploymentGroupView created = cli.post("/api/v1/applications/" + app + "/deployment-groups", request,
                DeploymentGroupView.class).value();
        DeploymentGroupView read = cli.get("/api/v1/applications/" + app + "/deployment-groups/web",
                DeploymentGroupView.class).value();

        for (DeploymentGroupView group : List.of(created, read)) {
            assertThat(group.id()).startsWith("dg-");
            assertThat(group.application()).isEqualTo(app);
            assertThat(group.tagSet()).isEqualTo(request.tagSet());
            assertThat(group.agentIds()).isNull();
            assertThat(group.config()).isEqualTo(config.name());
            assertThat(group.autoRollback()).isEqualTo(request.autoRollback());
            assertThat(group.fileExistsBehavior()).isEqualTo("OVERWRITE");
            assertThat(group.healthChecks()).isEqualTo(checks);
            assertThat(group.scriptTimeoutLimitSeconds()).isEqualTo(600L);
            assertThat(group.autoDeploy()).isEqualTo("all");
            assertThat(group.createdAt()).isCloseTo(Instant.now(), within(1, ChronoUnit.MINUTES));
        }
        assertThat(read.hosts()).containsExactly(new GroupHostView(web.id(), web.hostname(), "Disconnected",
                Map.of("env", "seam", "role", "web")));
        assertThat(read.unknownAgentIds()).isEmpty();
    }

    @Test
    void aDeploymentRequestIsReadFieldByFieldAndItsViewReadsBack() throws Exception {
        String app = createApp();
        Agent host = enroll(Map.of());
        cli.post("/api/v1/applications/" + app + "/deployment-groups", new CreateDeploymentGroupRequest("by-id", null,
                List.of(host.id()), null, null, null, null, null, null, null), DeploymentGroupView.class);
        Path bundle = temp.resolve(app + ".tar.gz");
        Files.write(bundle, TestBundles.installingTo(temp.resolve("srv")).tgz());
        RevisionView revision = cli.upload("/api/v1/applications/" + app + "/revisions?description=seam", bundle,
                BundleUpload.GZIP, RevisionView.class).value();
        assertThat(revision.revisionId()).startsWith("rev-");
        assertThat(revision.description()).isEqualTo("seam");
        assertThat(revision.sizeBytes()).isEqualTo(Files.size(bundle));

        DeploymentView deployment = cli.post("/api/v1/deployments", new CreateDeploymentRequest(app, "by-id",
                revision.revisionId(), "AllAtOnce", true, "RETAIN", false, "through the seam"),
                DeploymentView.class).value();

        assertThat(deployment.id()).startsWith("d-");
        assertThat(deployment.application()).isEqualTo(app);
        assertThat(deployment.group()).isEqualTo("by-id");
        assertThat(deployment.revisionId()).isEqualTo(revision.revisionId());
        assertThat(deployment.config()).isEqualTo("AllAtOnce");
        assertThat(deployment.ignoreApplicationStopFailures()).isTrue();
        assertThat(deployment.fileExistsBehavior()).isEqualTo("RETAIN");
        assertThat(deployment.autoRollback()).isFalse();
        assertThat(deployment.description()).isEqualTo("through the seam");
        assertThat(deployment.creator()).isEqualTo("admin");
        assertThat(deployment.status()).isNotBlank();
        assertThat(deployment.summary()).isNotNull();
        assertThat(cli.getList("/api/v1/deployments?application=" + app, DeploymentView.class).value())
                .extracting(DeploymentView::id).containsExactly(deployment.id());
    }

    @Test
    void tagRequestsSetRemoveAndReplaceAndTheAgentViewReadsBack() {
        Agent agent = enroll(Map.of("env", "seam", "role", "web"));
        String path = "/api/v1/agents/" + agent.id() + "/tags";

        AgentView changed = cli.post(path, new TagsRequest(Map.of("zone", "a"), List.of("role")), AgentView.class)
                .value();
        AgentView replaced = cli.put(path, new TagsRequest(Map.of("only", "this"), null), AgentView.class).value();
        AgentView read = cli.get("/api/v1/agents/" + agent.id(), AgentView.class).value();

        assertThat(changed.tags()).isEqualTo(Map.of("env", "seam", "zone", "a"));
        assertThat(replaced.tags()).isEqualTo(Map.of("only", "this"));
        assertThat(read.id()).isEqualTo(agent.id());
        assertThat(read.hostname()).isEqualTo(agent.hostname());
        assertThat(read.state()).isEqualTo("Disconnected");
        assertThat(read.tags()).isEqualTo(Map.of("only", "this"));
        assertThat(read.agentVersion()).isEqualTo("0.1.0");
        assertThat(read.firstSeen()).isEqualTo(agent.firstSeen());
        assertThat(read.facts()).isNull();
    }

    @Test
    void tokenRequestsAreReadAndTheirAnswersReadBack() {
        JoinTokenCreated joinToken = cli.post("/api/v1/join-tokens",
                new CreateJoinTokenRequest(Map.of("env", "seam"), "30m", 2), JoinTokenCreated.class).value();
        ApiTokenView apiToken = cli.post("/api/v1/api-tokens",
                new CreateApiTokenRequest("ci-" + Secrets.newId(""), "deployer"), ApiTokenView.class).value();

        assertThat(joinToken.usesLeft()).isEqualTo(2);
        assertThat(joinToken.tags()).isEqualTo(Map.of("env", "seam"));
        assertThat(joinToken.expiresAt()).isCloseTo(Instant.now().plus(30, ChronoUnit.MINUTES),
                within(1, ChronoUnit.MINUTES));
        assertThat(joinToken.token()).isNotBlank();
        assertThat(joinToken.enrollCommand()).contains(joinToken.token());
        assertThat(cli.getList("/api/v1/join-tokens", JoinTokenView.class).value())
                .filteredOn(token -> token.id().equals(joinToken.id()))
                .singleElement().satisfies(token -> {
                    assertThat(token.usable()).isTrue();
                    assertThat(token.createdBy()).isEqualTo("admin");
                });
        assertThat(apiToken.role()).isEqualTo("deployer");
        assertThat(apiToken.token()).isNotBlank();
        assertThat(cli.getList("/api/v1/api-tokens", ApiTokenView.class).value())
                .filteredOn(token -> token.name().equals(apiToken.name()))
                .singleElement().satisfies(token -> assertThat(token.token()).isNull());
    }

    @Test
    void aRefusalReadsAsTheControllersApiError() {
        assertThatThrownBy(() -> cli.post("/api/v1/deployment-configs", new CreateDeploymentConfigRequest("Bad",
                new MinimumHealthyHostsBody("FLEET_PERCENT", 500)), DeploymentConfigView.class))
                .isInstanceOf(CliFailure.class)
                .hasMessageStartingWith("INVALID_")
                .hasMessageContaining("500");
    }

    private static String createApp() {
        String name = "seam-" + Secrets.newId("");
        ApplicationView app = cli.post("/api/v1/applications", new CreateApplicationRequest(name),
                ApplicationView.class).value();
        assertThat(app.name()).isEqualTo(name);
        assertThat(app.createdBy()).isEqualTo("admin");
        return name;
    }

    private static Agent enroll(Map<String, String> tags) {
        String id = Secrets.newId("agt-");
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        Agent agent = new Agent(id, "host-" + id, tags, "0.1.0", "Linux 6.1", now, now, AgentState.DISCONNECTED, now,
                null);
        controller.parts().agents().insert(agent);
        return agent;
    }
}
