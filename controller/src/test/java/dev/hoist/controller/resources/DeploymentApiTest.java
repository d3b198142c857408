package dev.hoist.controller.resources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hoist.controller.AgainstRunningController;
import dev.hoist.controller.RunningController.Response;
import dev.hoist.controller.testing.SseClient;
import dev.hoist.controller.core.Agent;
import dev.hoist.controller.core.AgentState;
import dev.hoist.controller.core.Secrets;
import dev.hoist.controller.core.deploy.Application;
import dev.hoist.controller.core.deploy.AutoRollback;
import dev.hoist.controller.core.deploy.DeploymentChanges;
import dev.hoist.controller.core.deploy.DeploymentGroup;
import dev.hoist.controller.core.deploy.LogLine;
import dev.hoist.controller.core.deploy.Revision;
import dev.hoist.controller.core.deploy.TagFilter;
import dev.hoist.controller.core.deploy.TagSet;
import dev.hoist.controller.store.JdbiApplicationStore;
import dev.hoist.controller.store.JdbiDeploymentGroupStore;
import dev.hoist.controller.store.JdbiDeploymentStore;
import dev.hoist.controller.store.JdbiRevisionStore;
import dev.hoist.controller.testing.TestStores;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The deployments API through the real application: real auth, real H2, real orchestrator. Its agents
 * never connect here (the end-to-end tests run real agents), so hosts wait InProgress for their agents.
 */
class DeploymentApiTest extends AgainstRunningController {
    private static Jdbi jdbi;

    @BeforeAll
    static void openDatabase() throws Exception {
        // The same embedded database the controller uses, for catalog rows and log lines.
        jdbi = TestStores.sqlite(controller.parts().dataDir().resolve("hoist.db"));
    }

    /** An application with one revision and a group "web" of two (disconnected) agents; returns its name. */
    private static String application() {
        String app = "shop-" + Secrets.newId("").toLowerCase();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        new JdbiApplicationStore(jdbi).insert(new Application(app, now, "admin"));
        new JdbiRevisionStore(jdbi).insert(new Revision(Secrets.newId("rev-"), app, "cd".repeat(32), 10, "tgz", null,
                null, now, "admin"));
        new JdbiDeploymentGroupStore(jdbi).insert(new DeploymentGroup(Secrets.newId("dg-"), app, "web",
                TagSet.anyOf(List.of(TagFilter.parse("app=" + app))), null, "OneAtATime", AutoRollback.DISABLED, null,
                List.of(), Duration.ofMinutes(5), now));
        for (String host : List.of("a", "b")) {
            controller.parts().agents().insert(new Agent(Secrets.newId("agt-"), host + "." + app, Map.of("app", app),
                    "0.1.0", "Linux", now, now, AgentState.DISCONNECTED, now, null));
        }
        return app;
    }

    private static Response create(String token, String body) {
        return controller.call("POST", "/api/v1/deployments", token, body);
    }

    /** The deployment once it has left {@code Created}: started, queued or failed at its start. */
    private static JsonNode started(String id) {
        return await().atMost(Duration.ofSeconds(10)).until(
                () -> controller.call("GET", "/api/v1/deployments/" + id, admin, null).json(),
                d -> !d.path("status").asText().equals("Created"));
    }

    @Test
    void createsADeploymentAndShowsItsHostsAndEvents() {
        String app = application();

        Response created = create(admin, "{\"application\": \"" + app + "\", \"group\": \"web\", "
                + "\"description\": \"first\"}");

        assertThat(created.status()).as(created.body()).isEqualTo(201);
        // The answer comes once the deployment is stored; its hosts are resolved and dispatched right after.
        assertThat(created.json().path("status").asText()).isEqualTo("Created");
        assertThat(created.json().path("summary").path("total").asInt()).isZero();
        JsonNode d = started(created.json().path("id").asText());
        assertThat(d.path("id").asText()).startsWith("d-");
        assertThat(d.path("application").asText()).isEqualTo(app);
        assertThat(d.path("group").asText()).isEqualTo("web");
        assertThat(d.path("revisionId").asText()).startsWith("rev-");
        assertThat(d.path("config").asText()).isEqualTo("OneAtATime");
        assertThat(d.path("status").asText()).isEqualTo("InProgress");
        assertThat(d.path("creator").asText()).isEqualTo("admin");
        assertThat(d.path("rollbackDeploymentId").isNull()).isTrue();
        assertThat(d.path("summary").path("total").asInt()).isEqualTo(2);
        assertThat(d.path("summary").path("inProgress").asInt()).isEqualTo(1);
        assertThat(d.path("summary").path("pending").asInt()).isEqualTo(1);
        JsonNode host = d.path("hosts").get(0);
        assertThat(host.path("status").asText()).isEqualTo("InProgress");
        assertThat(host.path("events")).hasSize(7);
        assertThat(host.path("events").get(0).path("event").asText()).isEqualTo("ApplicationStop");
        assertThat(host.path("events").get(0).path("status").asText()).isEqualTo("Pending");

        String id = d.path("id").asText();
        Response get = controller.call("GET", "/api/v1/deployments/" + id, admin, null);
        assertThat(get.json().path("hosts")).hasSize(2);
        Response hosts = controller.call("GET", "/api/v1/deployments/" + id + "/hosts", admin, null);
        assertThat(hosts.json()).hasSize(2);
        Response list = controller.call("GET", "/api/v1/deployments?application=" + app + "&status=InProgress", admin,
                null);
        assertThat(list.json()).hasSize(1);
        assertThat(list.json().get(0).path("id").asText()).isEqualTo(id);
        assertThat(list.json().get(0).has("hosts")).isFalse();
        assertThat(controller.call("GET", "/api/v1/deployments?application=" + app + "&status=Succeeded", admin, null)
                .json()).isEmpty();
        assertThat(latestAuditActions()).contains("deployment.create");
    }

    @Test
    void aSecondDeploymentQueuesAndCanBeStoppedBeforeItStarts() {
        String app = application();
        String first = create(admin, "{\"application\": \"" + app + "\", \"group\": \"web\"}").json().path("id").asText();

        Response second = create(admin, "{\"application\": \"" + app + "\", \"group\": \"web\", \"revision\": "
                + "\"latest\", \"autoRollback\": false}");
        assertThat(second.json().path("status").asText()).isEqualTo("Queued");
        assertThat(second.json().path("error").asText()).isEqualTo("waiting for deployment " + first + " of this group");

        String id = second.json().path("id").asText();
        Response stopped = controller.call("POST", "/api/v1/deployments/" + id + "/stop", admin,
                "{\"cancelRunningHooks\": true}");
        assertThat(stopped.status()).as(stopped.body()).isEqualTo(200);
        assertThat(stopped.json().path("status").asText()).isEqualTo("Stopped");
        assertThat(stopped.json().path("error").asText()).contains("stopped by admin");

        Response again = controller.call("POST", "/api/v1/deployments/" + id + "/stop", admin, "{}");
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.code()).isEqualTo("DEPLOYMENT_ENDED");

        Response running = controller.call("POST", "/api/v1/deployments/" + first + "/stop", admin, null);
        assertThat(running.status()).as(running.body()).isEqualTo(200);
        assertThat(running.json().path("error").asText()).contains("allowed to finish");
        assertThat(running.json().path("summary").path("skipped").asInt()).isEqualTo(1);
    }

    @Test
    void refusesUnknownNamesAndBadFieldsWithTheirCodes() {
        String app = application();
        assertRefused(create(admin, "{\"application\": \"nope\", \"group\": \"web\"}"), 404, "APPLICATION_NOT_FOUND");
        assertRefused(create(admin, "{\"application\": \"" + app + "\", \"group\": \"nope\"}"), 404,
                "DEPLOYMENT_GROUP_NOT_FOUND");
        assertRefused(create(admin, "{\"application\": \"" + app + "\", \"group\": \"web\", \"revision\": \"rev-x\"}"),
                404, "REVISION_NOT_FOUND");
        assertRefused(create(admin, "{\"application\": \"" + app + "\", \"group\": \"web\", \"config\": \"Nope\"}"),
                404, "DEPLOYMENT_CONFIG_NOT_FOUND");
        assertRefused(create(admin, "{\"application\": \"" + app + "\", \"group\": \"web\", "
                + "\"fileExistsBehavior\": \"CLOBBER\"}"), 400, "INVALID_FILE_EXISTS_BEHAVIOR");
        assertRefused(create(admin, "{\"group\": \"web\"}"), 400, "INVALID_BODY");
        assertRefused(create(admin, "{\"application\": \"" + app + "\", \"group\": \"web\", \"colour\": 1}"), 400,
                "UNKNOWN_FIELD");
        assertRefused(controller.call("GET", "/api/v1/deployments/d-none", admin, null), 404, "DEPLOYMENT_NOT_FOUND");
        assertRefused(controller.call("POST", "/api/v1/deployments/d-none/stop", admin, "{}"), 404,
                "DEPLOYMENT_NOT_FOUND");
        assertRefused(controller.call("GET", "/api/v1/deployments?status=Sleeping", admin, null), 400, "INVALID_STATUS");
        assertRefused(controller.call("GET", "/api/v1/deployments?limit=0", admin, null), 400, "INVALID_LIMIT");
    }

    @Test
    void viewersReadButCannotDeploy() {
        String app = application();
        Response token = controller.call("POST", "/api/v1/api-tokens", admin,
                "{\"name\": \"viewer-" + Secrets.newId("") + "\", \"role\": \"viewer\"}");
        String viewer = token.json().path("token").asText();

        assertRefused(create(viewer, "{\"application\": \"" + app + "\", \"group\": \"web\"}"), 403, "FORBIDDEN");
        assertThat(controller.call("GET", "/api/v1/deployments", viewer, null).status()).isEqualTo(200);
    }

    @Test
    void aContinueIsRefusedWithTheStatusUnlessTheDeploymentIsReadyAndAudited() {
        String app = application();
        String id = started(create(admin, "{\"application\": \"" + app + "\", \"group\": \"web\"}").json()
                .path("id").asText()).path("id").asText();

        Response refused = controller.call("POST", "/api/v1/deployments/" + id + "/continue", admin, null);
        assertRefused(refused, 409, "DEPLOYMENT_NOT_WAITING");
        assertThat(refused.json().path("details").path("status").asText()).isEqualTo("InProgress");
        assertThat(refused.json().path("details").path("deploymentId").asText()).isEqualTo(id);
        assertThat(refused.json().path("message").asText()).contains("is InProgress, not Ready")
                .contains("does not wait for continue").contains("--wait-for-continue");
        assertThat(controller.parts().auditLog().latest(50)).anySatisfy(event -> {
            assertThat(event.action()).isEqualTo("deployment.continue");
            assertThat(event.target()).isEqualTo(id);
            assertThat(event.actor()).isEqualTo("admin");
            assertThat(event.outcome()).isEqualTo("DEPLOYMENT_NOT_WAITING");
        });
        assertThat(controller.call("GET", "/api/v1/deployments/" + id, admin, null).json().path("status").asText())
                .as("a refused continue changes nothing").isEqualTo("InProgress");
        assertRefused(controller.call("POST", "/api/v1/deployments/d-none/continue", admin, null), 404,
                "DEPLOYMENT_NOT_FOUND");

        Response token = controller.call("POST", "/api/v1/api-tokens", admin,
                "{\"name\": \"viewer-" + Secrets.newId("") + "\", \"role\": \"viewer\"}");
        String viewer = token.json().path("token").asText();
        assertRefused(controller.call("POST", "/api/v1/deployments/" + id + "/continue", viewer, null), 403,
                "FORBIDDEN");
    }

    @Test
    void aWaitForContinueOutsideItsLimitsOrWithoutBlueGreenIsRefused() {
        String app = application();
        String path = "/api/v1/applications/" + app + "/deployment-groups/web/load-balancer";
        String blueGreen = "{\"agentTag\": \"role=lb\", \"backends\": [\"web\"], \"blueTag\": \"pool=blue\", "
                + "\"greenTag\": \"pool=green\", \"waitBeforeReroute\": ";

        for (String wait : List.of("{\"expirySeconds\": 0}", "{\"expirySeconds\": 172801}", "{}")) {
            Response refused = controller.call("PUT", path, admin, blueGreen + wait + "}");
            assertRefused(refused, 400, "INVALID_LOAD_BALANCER");
            assertThat(refused.json().path("message").asText()).contains("waitBeforeReroute.expirySeconds must be 1 "
                    + "to 172800");
        }
        Response inPlace = controller.call("PUT", path, admin, "{\"agentTag\": \"role=lb\", \"backends\": "
                + "[\"web\"], \"waitBeforeReroute\": {\"expirySeconds\": 60}}");
        assertRefused(inPlace, 400, "INVALID_LOAD_BALANCER");
        assertThat(inPlace.json().path("message").asText()).contains("for blue/green groups only");
    }

    @Test
    void servesEventsWithTheirLogLinesAndPagesLogs() {
        String app = application();
        JsonNode d = started(create(admin, "{\"application\": \"" + app + "\", \"group\": \"web\"}").json()
                .path("id").asText());
        String id = d.path("id").asText();
        String agent = d.path("hosts").get(0).path("agentId").asText();
        Instant at = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        new JdbiDeploymentStore(jdbi, 100).write(new DeploymentChanges()
                .logLine(new LogLine(id, agent, 1, 1, at, "BeforeInstall", "stdout", "scripts/pre.sh", "preparing"))
                .logLine(new LogLine(id, agent, 2, 2, at, "BeforeInstall", "stderr", "scripts/pre.sh", "warning"))
                .logLine(new LogLine(id, agent, 3, 3, at, "Install", "agent", null, "copied 3 files")));

        Response events = controller.call("GET", "/api/v1/deployments/" + id + "/hosts/" + agent + "/events", admin, null);
        assertThat(events.status()).as(events.body()).isEqualTo(200);
        JsonNode beforeInstall = events.json().get(2);
        assertThat(beforeInstall.path("event").asText()).isEqualTo("BeforeInstall");
        assertThat(beforeInstall.path("logs")).hasSize(2);
        assertThat(beforeInstall.path("logs").get(1).path("stream").asText()).isEqualTo("stderr");

        Response all = controller.call("GET", "/api/v1/deployments/" + id + "/logs", admin, null);
        assertThat(all.json()).hasSize(3);
        Response after = controller.call("GET", "/api/v1/deployments/" + id + "/logs?afterSequence=2", admin, null);
        assertThat(after.json()).hasSize(1);
        assertThat(after.json().get(0).path("text").asText()).isEqualTo("copied 3 files");
        Response byLine = controller.call("GET", "/api/v1/deployments/" + id + "/logs?agent=" + agent
                + "&afterLine=1&limit=1", admin, null);
        assertThat(byLine.json()).hasSize(1);
        assertThat(byLine.json().get(0).path("lineNumber").asLong()).isEqualTo(2);
        assertRefused(controller.call("GET", "/api/v1/deployments/" + id + "/logs?afterLine=1", admin, null), 400,
                "INVALID_QUERY");
        assertRefused(controller.call("GET", "/api/v1/deployments/" + id + "/hosts/agt-none/events", admin, null), 404,
                "HOST_NOT_FOUND");
    }

    @Test
    void aClientThatReadsOnEveryNoticeNeverSeesAnOlderStateThanTheNoticeAnnounced() throws Exception {
        String app = application();
        try (SseClient stream = SseClient.open(controller.apiUrl() + "/api/v1/stream?application=" + app, admin,
                null)) {
            assertThat(stream.contentType()).startsWith("text/event-stream");
            assertThat(stream.next(Duration.ofSeconds(20)).name()).isEqualTo("connected");
            String id = create(admin, "{\"application\": \"" + app + "\", \"group\": \"web\"}").json()
                    .path("id").asText();
            // The start, two hosts Pending, the first dispatched: each notice, then a read.
            for (int i = 0; i < 4; i++) {
                SseClient.Event notice = stream.next(Duration.ofSeconds(20));
                assertThat(notice.name()).isIn("deployment", "host");
                assertThat(notice.data()).contains(id);
                long announced = Long.parseLong(notice.id().substring(0, notice.id().indexOf('.')));
                JsonNode read = controller.call("GET", "/api/v1/deployments/" + id, admin, null).json();
                assertThat(read.path("seq").asLong()).as(notice + " then " + read).isGreaterThanOrEqualTo(announced);
                if (notice.name().equals("deployment")) {
                    assertThat(new com.fasterxml.jackson.databind.ObjectMapper().readTree(notice.data()).path("seq").asLong())
                            .isEqualTo(announced);
                }
            }
        }
        assertThat(controller.call("GET", "/api/v1/stream", null, null).status()).isEqualTo(401);
    }

    @Test
    void aClientThatAsksForNoHostEventsGetsOnlyTheDeploymentsOwn() throws Exception {
        String app = application();
        String stream = controller.apiUrl() + "/api/v1/stream?application=" + app;
        try (SseClient everything = SseClient.open(stream, admin, null);
                SseClient deploymentsOnly = SseClient.open(stream + "&hosts=false", admin, null)) {
            assertThat(everything.next(Duration.ofSeconds(20)).name()).isEqualTo("connected");
            assertThat(deploymentsOnly.next(Duration.ofSeconds(20)).name()).isEqualTo("connected");
            String id = create(admin, "{\"application\": \"" + app + "\", \"group\": \"web\"}").json()
                    .path("id").asText();
            // A stop once the first host is dispatched skips the second: the deployment's event counts it.
            String change;
            do {
                change = everything.next(Duration.ofSeconds(20)).data();
            } while (!change.contains("\"status\":\"InProgress\",\"standing")); // a host's change, not the deployment's
            assertThat(controller.call("POST", "/api/v1/deployments/" + id + "/stop", admin, "{}").status())
                    .isEqualTo(200);

            assertThat(untilTheSecondHostIsSkipped(everything)).contains("host");
            assertThat(untilTheSecondHostIsSkipped(deploymentsOnly)).containsOnly("deployment");
        }
        assertRefused(controller.call("GET", "/api/v1/stream?hosts=some", admin, null), 400, "INVALID_QUERY");
    }

    /** The names of the events {@code stream} gives up to the deployment event that counts a host skipped. */
    private static List<String> untilTheSecondHostIsSkipped(SseClient stream) throws InterruptedException {
        List<String> names = new java.util.ArrayList<>();
        SseClient.Event event;
        do {
            event = stream.next(Duration.ofSeconds(20));
            names.add(event.name());
        } while (!(event.name().equals("deployment") && event.data().contains("\"skipped\":1")));
        return names;
    }

    @Test
    void aReconnectingClientGetsWhatItMissedAndOnlyTheApplicationItFollows() throws Exception {
        String app = application();
        String other = application();
        List<SseClient.Event> first = new java.util.ArrayList<>();
        try (SseClient stream = SseClient.open(controller.apiUrl() + "/api/v1/stream?application=" + app, admin,
                null)) {
            assertThat(stream.next(Duration.ofSeconds(20)).name()).isEqualTo("connected");
            create(admin, "{\"application\": \"" + other + "\", \"group\": \"web\"}");
            create(admin, "{\"application\": \"" + app + "\", \"group\": \"web\"}");
            for (int i = 0; i < 3; i++) {
                first.add(stream.next(Duration.ofSeconds(20)));
            }
        }
        assertThat(first).allSatisfy(event -> assertThat(event.data()).doesNotContain(other)
                .contains(app));

        try (SseClient again = SseClient.open(controller.apiUrl() + "/api/v1/stream?application=" + app, admin,
                first.get(0).id())) {
            assertThat(again.next(Duration.ofSeconds(20))).isEqualTo(first.get(1));
            assertThat(again.next(Duration.ofSeconds(20))).isEqualTo(first.get(2));
        }
        Response refused = controller.call("GET", "/api/v1/stream?logs=maybe", admin, null);
        assertRefused(refused, 400, "INVALID_QUERY");
    }

    @Test
    void theOpenApiDocumentDescribesEveryDeploymentPath() {
        JsonNode paths = controller.call("GET", "/api/v1/openapi.json", admin, null).json().path("paths");
        assertThat(paths.has("/api/v1/deployments")).isTrue();
        assertThat(paths.has("/api/v1/deployments/{id}")).isTrue();
        assertThat(paths.has("/api/v1/deployments/{id}/stop")).isTrue();
        assertThat(paths.has("/api/v1/deployments/{id}/continue")).isTrue();
        assertThat(paths.has("/api/v1/deployments/{id}/hosts")).isTrue();
        assertThat(paths.has("/api/v1/deployments/{id}/hosts/{agentId}/events")).isTrue();
        assertThat(paths.has("/api/v1/deployments/{id}/logs")).isTrue();
        assertThat(paths.has("/api/v1/stream")).isTrue();
    }

    private static void assertRefused(Response response, int status, String code) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.code()).isEqualTo(code);
        assertThat(response.json().path("message").asText()).isNotBlank();
    }

    private static List<String> latestAuditActions() {
        return controller.parts().auditLog().latest(50).stream().map(e -> e.action()).toList();
    }
}
