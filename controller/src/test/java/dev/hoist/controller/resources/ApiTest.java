package dev.hoist.controller.resources;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hoist.controller.AgainstRunningController;
import dev.hoist.controller.RunningController.Response;
import dev.hoist.controller.core.Agent;
import dev.hoist.controller.core.AgentState;
import dev.hoist.controller.core.AuditEvent;
import dev.hoist.controller.core.HostFacts;
import dev.hoist.controller.core.JoinTokenStore.Outcome;
import dev.hoist.controller.core.Secrets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The REST API through the real application: real auth, real H2, real HTTP on loopback. */
class ApiTest extends AgainstRunningController {
    @Test
    void everyCallNeedsAValidToken() {
        Response none = controller.call("GET", "/api/v1/agents", null, null);
        Response wrong = controller.call("GET", "/api/v1/agents", "hoist_api_not-a-real-token", null);
        Response openApi = controller.call("GET", "/api/v1/openapi.json", null, null);

        assertThat(none.status()).isEqualTo(401);
        assertThat(none.code()).isEqualTo("UNAUTHENTICATED");
        assertThat(none.json().path("message").asText()).contains("Bearer");
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(openApi.status()).isEqualTo(401);
    }

    @Test
    void viewerReadsButCannotRevokeOrCreateTokens() {
        String viewer = createApiToken("viewer-" + Secrets.newId(""), "viewer");
        Agent agent = enroll(Map.of("env", "view"), AgentState.DISCONNECTED);

        Response list = controller.call("GET", "/api/v1/agents", viewer, null);
        Response revoke = controller.call("POST", "/api/v1/agents/" + agent.id() + "/revoke", viewer, null);
        Response token = controller.call("POST", "/api/v1/join-tokens", viewer, "{}");

        assertThat(list.status()).isEqualTo(200);
        assertThat(revoke.status()).isEqualTo(403);
        assertThat(revoke.code()).isEqualTo("FORBIDDEN");
        assertThat(revoke.json().path("message").asText()).contains("viewer").contains("admin");
        assertThat(token.status()).isEqualTo(403);
        assertThat(controller.parts().agents().find(agent.id()).orElseThrow().state()).isEqualTo(AgentState.DISCONNECTED);
        assertThat(latestAudit()).anySatisfy(event -> {
            assertThat(event.action()).isEqualTo("agent.revoke");
            assertThat(event.target()).isEqualTo(agent.id());
            assertThat(event.outcome()).isEqualTo("FORBIDDEN");
        });
    }

    @Test
    void joinTokenLifecycle() {
        Response created = controller.call("POST", "/api/v1/join-tokens", admin,
                "{\"tags\": {\"env\": \"prod\", \"role\": \"web\"}, \"ttl\": \"30m\", \"uses\": 2}");

        assertThat(created.status()).isEqualTo(201);
        JsonNode body = created.json();
        String id = body.path("id").asText();
        String secret = body.path("token").asText();
        String pin = controller.parts().certificateAuthority().pin();
        assertThat(secret).startsWith("hoist_join_");
        assertThat(body.path("caPin").asText()).isEqualTo(pin);
        assertThat(body.path("usesLeft").asInt()).isEqualTo(2);
        assertThat(Instant.parse(body.path("expiresAt").asText()))
                .isBetween(Instant.now().plus(29, ChronoUnit.MINUTES), Instant.now().plus(31, ChronoUnit.MINUTES));
        assertThat(body.path("enrollCommand").asText()).isEqualTo(
                "hoist-agent enroll --controller hoist.example:8443 --token " + secret + " --ca-pin " + pin);
        assertThat(body.path("installCommand").asText()).startsWith("curl -fsSL http://hoist.example:")
                .endsWith("/install/agent.sh | sudo sh -s -- --token " + secret + " --ca-pin " + pin);

        Response list = controller.call("GET", "/api/v1/join-tokens", admin, null);
        assertThat(list.body()).doesNotContain(secret);
        JsonNode listed = find(list.json(), id);
        assertThat(listed.path("tags").path("role").asText()).isEqualTo("web");
        assertThat(listed.path("usable").asBoolean()).isTrue();
        assertThat(listed.path("createdBy").asText()).isEqualTo("admin");

        var redemption = controller.parts().joinTokens().redeem(Secrets.hash(secret), Instant.now());
        assertThat(redemption.outcome()).isEqualTo(Outcome.OK);
        assertThat(redemption.token().tags()).containsEntry("env", "prod");

        assertThat(controller.call("DELETE", "/api/v1/join-tokens/" + id, admin, null).status()).isEqualTo(204);
        Response again = controller.call("DELETE", "/api/v1/join-tokens/" + id, admin, null);
        assertThat(again.status()).isEqualTo(404);
        assertThat(again.code()).isEqualTo("JOIN_TOKEN_NOT_FOUND");
        assertThat(controller.parts().joinTokens().redeem(Secrets.hash(secret), Instant.now()).outcome())
                .isEqualTo(Outcome.UNKNOWN);
        assertThat(latestAudit()).anySatisfy(event -> {
            assertThat(event.action()).isEqualTo("join-token.create");
            assertThat(event.target()).isEqualTo(id);
            assertThat(event.actor()).isEqualTo("admin");
            assertThat(event.remoteAddress()).isEqualTo("127.0.0.1");
            assertThat(event.outcome()).isEqualTo("OK");
        });
    }

    @Test
    void joinTokenWithoutABodyGetsTheDefaults() {
        Response created = controller.call("POST", "/api/v1/join-tokens", admin, "");

        assertThat(created.status()).isEqualTo(201);
        assertThat(created.json().path("usesLeft").asInt()).isEqualTo(1);
        assertThat(Instant.parse(created.json().path("expiresAt").asText()))
                .isBetween(Instant.now().plus(59, ChronoUnit.MINUTES), Instant.now().plus(61, ChronoUnit.MINUTES));
    }

    @Test
    void badInputIsRefusedWithA4xxAndASpecificCode() {
        assertRefused(post("/api/v1/join-tokens", "{\"ttl\": \"forever\"}"), 400, "INVALID_TTL");
        assertRefused(post("/api/v1/join-tokens", "{\"ttl\": \"90d\"}"), 400, "INVALID_TTL");
        assertRefused(post("/api/v1/join-tokens", "{\"uses\": 0}"), 400, "INVALID_USES");
        assertRefused(post("/api/v1/join-tokens", "{\"uses\": \"many\"}"), 400, "INVALID_FIELD");
        assertRefused(post("/api/v1/join-tokens", "{\"tags\": [1, 2]}"), 400, "INVALID_FIELD");
        assertRefused(post("/api/v1/join-tokens", "{\"tags\": {\"bad key!\": \"x\"}}"), 400, "INVALID_TAG");
        assertRefused(post("/api/v1/join-tokens", "{\"ttl\": \"1h\", \"colour\": \"red\"}"), 400, "UNKNOWN_FIELD");
        assertRefused(post("/api/v1/join-tokens", "{\"ttl\": "), 400, "MALFORMED_JSON");
        assertRefused(post("/api/v1/join-tokens", "[1]"), 400, "INVALID_BODY");
        assertRefused(controller.postHeadOnly("/api/v1/join-tokens", admin, 2_000_000), 413, "PAYLOAD_TOO_LARGE");
        assertRefused(controller.call("POST", "/api/v1/join-tokens", admin, "ttl=1h", "text/plain"), 415,
                "UNSUPPORTED_MEDIA_TYPE");
        assertRefused(controller.call("GET", "/api/v1/agents?state=Sleeping", admin, null), 400, "INVALID_STATE");
        assertRefused(controller.call("GET", "/api/v1/agents?tag=%3Dx", admin, null), 400, "INVALID_TAG_FILTER");
        assertRefused(controller.call("GET", "/api/v1/agents/agt-missing", admin, null), 404, "AGENT_NOT_FOUND");
        assertRefused(controller.call("GET", "/api/v1/audit-events?limit=lots", admin, null), 400, "INVALID_LIMIT");
        assertRefused(controller.call("GET", "/api/v1/nothing-here", admin, null), 404, "NOT_FOUND");
        assertRefused(controller.call("DELETE", "/api/v1/agents", admin, null), 405, "METHOD_NOT_ALLOWED");
        assertRefused(post("/api/v1/api-tokens", "{\"name\": \"x\", \"role\": \"root\"}"), 400, "INVALID_ROLE");
    }

    @Test
    void agentListFiltersByTagAndState() {
        String env = "f" + Secrets.newId("");
        Agent web = enroll(Map.of("env", env, "role", "web"), AgentState.CONNECTED);
        Agent db = enroll(Map.of("env", env, "role", "db"), AgentState.DISCONNECTED);
        Agent other = enroll(Map.of("env", "elsewhere"), AgentState.CONNECTED);

        assertThat(ids("/api/v1/agents?tag=env=" + env)).containsExactlyInAnyOrder(web.id(), db.id());
        assertThat(ids("/api/v1/agents?tag=env=" + env + "&tag=role=web")).containsExactly(web.id());
        assertThat(ids("/api/v1/agents?tag=env=" + env + "&state=Connected")).containsExactly(web.id());
        assertThat(ids("/api/v1/agents?tag=env=" + env + "&state=disconnected")).containsExactly(db.id());
        assertThat(ids("/api/v1/agents?tag=role")).contains(web.id(), db.id()).doesNotContain(other.id());

        JsonNode one = controller.call("GET", "/api/v1/agents/" + web.id(), admin, null).json();
        assertThat(one.path("hostname").asText()).isEqualTo(web.hostname());
        assertThat(one.path("state").asText()).isEqualTo("Connected");
        assertThat(one.path("tags").path("role").asText()).isEqualTo("web");
        assertThat(one.path("agentVersion").asText()).isEqualTo("0.1.0");
        assertThat(one.path("os").asText()).isEqualTo("Linux 6.1");
        assertThat(one.path("facts").path("cpuCount").asInt()).isEqualTo(4);
        assertThat(one.path("facts").path("memoryTotalBytes").asLong()).isEqualTo(8_000_000_000L);
        assertThat(one.path("facts").path("loadAverage1m").asDouble()).isEqualTo(0.25);
        assertThat(Instant.parse(one.path("lastSeen").asText())).isNotNull();
        assertThat(Instant.parse(one.path("stateSince").asText())).isNotNull();
        assertThat(Instant.parse(one.path("firstSeen").asText())).isNotNull();
    }

    @Test
    void revokeTurnsTheAgentAwayAndIsAudited() {
        Agent agent = enroll(Map.of("env", "revoke"), AgentState.CONNECTED);

        Response revoked = controller.call("POST", "/api/v1/agents/" + agent.id() + "/revoke", admin, null);

        assertThat(revoked.status()).isEqualTo(200);
        assertThat(revoked.json().path("state").asText()).isEqualTo("Revoked");
        assertThat(controller.parts().revocations().isRevoked(agent.id())).isTrue();
        assertThat(controller.parts().agents().revokedIds()).contains(agent.id());
        assertThat(latestAudit()).anySatisfy(event -> {
            assertThat(event.action()).isEqualTo("agent.revoke");
            assertThat(event.target()).isEqualTo(agent.id());
            assertThat(event.outcome()).isEqualTo("OK");
        });

        Response missing = controller.call("POST", "/api/v1/agents/agt-nobody/revoke", admin, null);
        assertThat(missing.status()).isEqualTo(404);
        assertThat(latestAudit()).anySatisfy(event -> {
            assertThat(event.target()).isEqualTo("agt-nobody");
            assertThat(event.outcome()).isEqualTo("AGENT_NOT_FOUND");
        });
    }

    @Test
    void tagsAreReplacedOrUpdated() {
        Agent agent = enroll(Map.of("env", "prod", "old", "x"), AgentState.CONNECTED);
        String path = "/api/v1/agents/" + agent.id() + "/tags";

        Response updated = controller.call("POST", path, admin, "{\"tags\": {\"env\": \"staging\"}, \"remove\": [\"old\"]}");
        assertThat(updated.status()).isEqualTo(200);
        assertThat(controller.parts().agents().find(agent.id()).orElseThrow().tags())
                .containsExactlyInAnyOrderEntriesOf(Map.of("env", "staging"));

        Response replaced = controller.call("PUT", path, admin, "{\"tags\": {\"team\": \"a\"}}");
        assertThat(replaced.json().path("tags").size()).isEqualTo(1);
        assertThat(controller.parts().agents().find(agent.id()).orElseThrow().tags())
                .containsExactlyInAnyOrderEntriesOf(Map.of("team", "a"));
        assertThat(controller.call("PUT", "/api/v1/agents/agt-nobody/tags", admin, "{\"tags\": {}}").code())
                .isEqualTo("AGENT_NOT_FOUND");
        assertThat(latestAudit()).anySatisfy(event -> assertThat(event.action()).isEqualTo("agent.tags.replace"));
    }

    @Test
    void auditEventsAreServedNewestFirstWithALimit() {
        post("/api/v1/join-tokens", "{}");
        post("/api/v1/join-tokens", "{}");

        Response events = controller.call("GET", "/api/v1/audit-events?limit=2", admin, null);

        assertThat(events.status()).isEqualTo(200);
        assertThat(events.json().size()).isEqualTo(2);
        assertThat(events.json().get(0).path("id").asLong()).isGreaterThan(events.json().get(1).path("id").asLong());
        assertThat(events.json().get(0).path("action").asText()).isEqualTo("join-token.create");
    }

    @Test
    void apiTokensShowTheirSecretOnceAndCarryTheirRole() {
        String name = "ci-" + Secrets.newId("");
        String deployer = createApiToken(name, "deployer");

        Response list = controller.call("GET", "/api/v1/api-tokens", admin, null);
        assertThat(list.body()).contains(name).doesNotContain(deployer);
        assertThat(controller.call("GET", "/api/v1/agents", deployer, null).status()).isEqualTo(200);
        assertThat(controller.call("GET", "/api/v1/api-tokens", deployer, null).status()).isEqualTo(403);
        assertThat(post("/api/v1/api-tokens", "{\"name\": \"" + name + "\", \"role\": \"viewer\"}").code())
                .isEqualTo("NAME_TAKEN");
        assertThat(controller.call("DELETE", "/api/v1/api-tokens/admin", admin, null).status()).isEqualTo(409);
        assertThat(controller.call("DELETE", "/api/v1/api-tokens/" + name, admin, null).status()).isEqualTo(204);
        assertThat(controller.call("GET", "/api/v1/agents", deployer, null).status()).isEqualTo(401);
    }

    @Test
    void openApiDocumentListsEveryPath() {
        JsonNode paths = controller.call("GET", "/api/v1/openapi.json", admin, null).json().path("paths");

        List<String> listed = new ArrayList<>();
        paths.fieldNames().forEachRemaining(listed::add);
        assertThat(listed).containsExactlyInAnyOrder("/api/v1/join-tokens", "/api/v1/join-tokens/{id}",
                "/api/v1/agents", "/api/v1/agents/{id}", "/api/v1/agents/{id}/revoke", "/api/v1/agents/{id}/tags",
                "/api/v1/api-tokens", "/api/v1/api-tokens/{id}", "/api/v1/audit-events", "/api/v1/openapi.json", "/api/v1/version",
                "/api/v1/applications", "/api/v1/applications/{app}", "/api/v1/applications/{app}/revisions",
                "/api/v1/applications/{app}/revisions/{id}",
                "/api/v1/applications/{app}/revisions/{id}/signature", "/api/v1/revisions/{id}",
                "/api/v1/revisions/{id}/bundle", "/api/v1/freeze-windows", "/api/v1/freeze-windows/{id}",
                "/api/v1/revisions/prune", "/api/v1/applications/{app}/deployment-groups",
                "/api/v1/applications/{app}/deployment-groups/{name}",
                "/api/v1/applications/{app}/deployment-groups/{name}/load-balancer",
                "/api/v1/applications/{app}/deployment-groups/{group}/secrets",
                "/api/v1/applications/{app}/deployment-groups/{group}/secrets/{name}", "/api/v1/deployment-configs",
                "/api/v1/deployment-configs/{name}",
                "/api/v1/deployments", "/api/v1/deployments/{id}", "/api/v1/deployments/{id}/stop",
                "/api/v1/deployments/{id}/continue",
                "/api/v1/deployments/{id}/hosts", "/api/v1/deployments/{id}/hosts/{agentId}/events",
                "/api/v1/deployments/{id}/logs", "/api/v1/stream", "/api/v1/session",
                "/api/v1/agent-distributions", "/api/v1/agent-upgrades",
                "/api/v1/applications/{app}/deployment-groups/{name}/status",
                "/api/v1/applications/{app}/deployment-groups/{name}/auto-deploy",
                "/api/v1/applications/{app}/deployment-groups/{name}/converge",
                "/api/v1/repositories", "/api/v1/repositories/{name}", "/api/v1/repositories/{name}/fetch",
                "/api/v1/repositories/{name}/webhook");
    }

    @Test
    void adminPortServesHealthAndPrometheusMetrics() {
        Response health = controller.getAdmin("/healthcheck");
        JsonNode checks = health.json();
        assertThat(checks.path("store").path("healthy").asBoolean()).isTrue();
        assertThat(checks.path("certificate-authority").path("healthy").asBoolean()).as(health.body()).isTrue();
        assertThat(checks.path("agent-gateway").path("healthy").asBoolean()).as(health.body()).isTrue();
        assertThat(health.status()).isEqualTo(200);

        // The names docs/operations.md lists: the Prometheus client's Dropwizard bridge over the real registry.
        Response prometheus = controller.getAdmin("/metrics/prometheus");
        assertThat(prometheus.status()).isEqualTo(200);
        assertThat(prometheus.body())
                .contains("# TYPE io_dropwizard_db_ManagedPooledDataSource_store_size gauge")
                .containsPattern("(?m)^io_dropwizard_db_ManagedPooledDataSource_store_size \\d+\\.\\d+$")
                .contains("# TYPE io_dropwizard_jetty_MutableServletContextHandler_requests summary")
                .containsPattern("(?m)^io_dropwizard_jetty_MutableServletContextHandler_requests"
                        + "\\{quantile=\"0\\.99\",\\} \\S+$")
                .containsPattern("(?m)^io_dropwizard_jetty_MutableServletContextHandler_requests_count [1-9]\\d*\\.0$")
                .contains("# TYPE hoist_gateway_handshakes_ok_total counter")
                .containsPattern("(?m)^hoist_gateway_handshakes_ok_total \\d+\\.0$")
                .containsPattern("(?m)^hoist_gateway_agents_connected \\d+\\.0$")
                .contains("# TYPE hoist_deployments_ended_Succeeded gauge")
                .contains("# TYPE hoist_deployments_writes_latency summary");
        assertThat(controller.getAdmin("/metrics/prometheus?name%5B%5D=hoist_gateway_agents_connected").body())
                .startsWith("# HELP hoist_gateway_agents_connected ")
                .doesNotContain("io_dropwizard_");
        assertThat(controller.getAdmin("/metrics").json().has("gauges")).isTrue();
    }

    private static String createApiToken(String name, String role) {
        Response created = post("/api/v1/api-tokens", "{\"name\": \"" + name + "\", \"role\": \"" + role + "\"}");
        assertThat(created.status()).isEqualTo(201);
        return created.json().path("token").asText();
    }

    private static Response post(String path, String body) {
        return controller.call("POST", path, admin, body);
    }

    private static void assertRefused(Response response, int status, String code) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.code()).as(response.body()).isEqualTo(code);
        assertThat(response.json().path("message").asText()).isNotBlank();
        assertThat(response.json().has("details")).isTrue();
    }

    private static Agent enroll(Map<String, String> tags, AgentState state) {
        String id = Secrets.newId("agt-");
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        HostFacts facts = new HostFacts("host-" + id, "Linux", "6.1", "amd64", 4, 8_000_000_000L, 3_000_000_000L,
                50_000_000_000L, 0.25);
        Agent agent = new Agent(id, "host-" + id, tags, "0.1.0", "Linux 6.1", now, now, state, now, facts);
        controller.parts().agents().insert(agent);
        return agent;
    }

    private static List<String> ids(String path) {
        Response response = controller.call("GET", path, admin, null);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        response.json().forEach(agent -> ids.add(agent.path("id").asText()));
        return ids;
    }

    private static JsonNode find(JsonNode array, String id) {
        for (JsonNode node : array) {
            if (node.path("id").asText().equals(id)) {
                return node;
            }
        }
        throw new AssertionError(id + " is not in " + array);
    }

    private static List<AuditEvent> latestAudit() {
        return controller.parts().auditLog().latest(20);
    }
}
