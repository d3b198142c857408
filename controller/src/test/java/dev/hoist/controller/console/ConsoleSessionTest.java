package dev.hoist.controller.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hoist.controller.RunningController;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The console's sign-in against a real controller: the session cookie, its CSRF token, its end. */
class ConsoleSessionTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private RunningController controller;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws Exception {
        controller = RunningController.start(dir.resolve("data"));
    }

    @AfterEach
    void stop() {
        controller.close();
    }

    @Test
    void signingInGivesAnHttpOnlyStrictCookieThatReadsAndChangesOnlyWithTheCsrfToken() throws Exception {
        HttpResponse<String> signIn = signIn(controller.adminToken());
        String cookie = cookieOf(signIn);
        String csrf = JSON.readTree(signIn.body()).get("csrfToken").asText();

        assertThat(signIn.statusCode()).isEqualTo(201);
        assertThat(signIn.headers().firstValue("Set-Cookie").orElseThrow())
                .contains("HttpOnly").contains("SameSite=Strict").contains("Path=/").contains("Max-Age=43200")
                .doesNotContain("Secure");
        assertThat(signIn.body()).doesNotContain(controller.adminToken());
        assertThat(JSON.readTree(signIn.body()).get("role").asText()).isEqualTo("admin");
        assertThat(send("GET", "/api/v1/agents", cookie, null, null).statusCode()).isEqualTo(200);
        HttpResponse<String> withoutCsrf = send("POST", "/api/v1/applications", cookie, null, "{\"name\": \"a1\"}");
        HttpResponse<String> wrongCsrf = send("POST", "/api/v1/applications", cookie, csrf + "x", "{\"name\": \"a2\"}");
        HttpResponse<String> withCsrf = send("POST", "/api/v1/applications", cookie, csrf, "{\"name\": \"a3\"}");

        assertThat(withoutCsrf.statusCode()).isEqualTo(403);
        assertThat(JSON.readTree(withoutCsrf.body()).get("code").asText()).isEqualTo("CSRF_TOKEN_INVALID");
        assertThat(wrongCsrf.statusCode()).isEqualTo(403);
        assertThat(withCsrf.statusCode()).isEqualTo(201);
        JsonNode apps = controller.call("GET", "/api/v1/applications", controller.adminToken(), null).json();
        assertThat(apps.findValuesAsText("name")).containsExactly("a3");
        JsonNode audit = controller.call("GET", "/api/v1/audit-events", controller.adminToken(), null).json();
        assertThat(audit.findValuesAsText("action")).contains("session.create", "application.create");
    }

    @Test
    void signOutAndDeletingTheTokenEndTheSession() throws Exception {
        String adminCookie = cookieOf(signIn(controller.adminToken()));
        String adminCsrf = JSON.readTree(send("GET", "/api/v1/session", adminCookie, null, null).body())
                .get("csrfToken").asText();
        JsonNode viewer = controller.call("POST", "/api/v1/api-tokens", controller.adminToken(),
                "{\"name\": \"watcher\", \"role\": \"viewer\"}").json();
        String viewerCookie = cookieOf(signIn(viewer.get("token").asText()));

        assertThat(send("GET", "/api/v1/agents", viewerCookie, null, null).statusCode()).isEqualTo(200);
        assertThat(send("DELETE", "/api/v1/session", adminCookie, adminCsrf, null).statusCode()).isEqualTo(204);
        assertThat(send("GET", "/api/v1/agents", adminCookie, null, null).statusCode()).isEqualTo(401);
        assertThat(controller.call("DELETE", "/api/v1/api-tokens/watcher", controller.adminToken(), null).status())
                .isEqualTo(204);
        assertThat(send("GET", "/api/v1/agents", viewerCookie, null, null).statusCode()).isEqualTo(401);
    }

    @Test
    void aViewerSessionIsRefusedWhatAViewerTokenIsRefused() throws Exception {
        JsonNode viewer = controller.call("POST", "/api/v1/api-tokens", controller.adminToken(),
                "{\"name\": \"watcher\", \"role\": \"viewer\"}").json();
        HttpResponse<String> signIn = signIn(viewer.get("token").asText());
        String cookie = cookieOf(signIn);
        String csrf = JSON.readTree(signIn.body()).get("csrfToken").asText();

        HttpResponse<String> create = send("POST", "/api/v1/applications", cookie, csrf, "{\"name\": \"a1\"}");

        assertThat(create.statusCode()).isEqualTo(403);
        assertThat(JSON.readTree(create.body()).get("code").asText()).isEqualTo("FORBIDDEN");
    }

    @Test
    void anUnknownTokenOrAMissingOneIsRefusedWithoutACookie() throws Exception {
        HttpResponse<String> unknown = signIn("hoist_api_nothing");
        HttpResponse<String> missing = send("POST", "/api/v1/session", null, null, "{}");

        assertThat(unknown.statusCode()).isEqualTo(401);
        assertThat(unknown.headers().firstValue("Set-Cookie")).isEmpty();
        assertThat(missing.statusCode()).isEqualTo(400);
        assertThat(send("GET", "/api/v1/agents", "hoist_session=hs_forged", null, null).statusCode()).isEqualTo(401);
    }

    @Test
    void aBearerCallIsNotDisturbedByAStaleCookie() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(controller.apiUrl() + "/api/v1/applications"))
                .header("Cookie", "hoist_session=hs_stale")
                .header("Authorization", "Bearer " + controller.adminToken())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\": \"from-script\"}")).build();

        assertThat(http.send(request, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(201);
    }

    @Test
    void thePageItsAssetsAndTheApiCarryTheSecurityHeaders() throws Exception {
        HttpResponse<String> page = send("GET", "/", null, null, null);
        HttpResponse<String> script = send("GET", "/console/app.js", null, null, null);
        HttpResponse<String> api = send("GET", "/api/v1/agents", null, null, null);

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/html");
        assertThat(page.body()).contains("<script type=\"module\" src=\"/console/app.js\"></script>")
                .doesNotContain("<script>").doesNotContain(" style=").doesNotContainPattern("\\son[a-z]+=");
        assertThat(script.statusCode()).isEqualTo(200);
        assertThat(script.headers().firstValue("Content-Type").orElseThrow()).contains("javascript");
        for (HttpResponse<String> response : java.util.List.of(page, script, api)) {
            String csp = response.headers().firstValue("Content-Security-Policy").orElseThrow();
            assertThat(csp).contains("default-src 'none'").contains("script-src 'self'")
                    .contains("frame-ancestors 'none'").doesNotContain("unsafe-inline").doesNotContain("unsafe-eval");
            assertThat(response.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
        }
        assertThat(send("GET", "/console/../hoist-defaults.yml", null, null, null).body()).doesNotContain("dataDir");
    }

    @Test
    void noConsoleScriptWritesMarkupFromStrings() throws Exception {
        for (String asset : java.util.List.of("app.js", "api.js", "dom.js", "router.js", "stream.js",
                "pages/fleet.js", "pages/deployments.js", "pages/deployment.js", "pages/applications.js",
                "pages/application.js", "pages/audit.js", "pages/signin.js", "pages/pager.js")) {
            HttpResponse<String> script = send("GET", "/console/" + asset, null, null, null);

            assertThat(script.statusCode()).as(asset).isEqualTo(200);
            assertThat(script.body()).as(asset).doesNotContain("innerHTML").doesNotContain("outerHTML")
                    .doesNotContain("insertAdjacentHTML").doesNotContain("document.write").doesNotContain("eval(")
                    .doesNotContain("localStorage").doesNotContain("sessionStorage");
        }
    }

    private HttpResponse<String> signIn(String token) throws IOException, InterruptedException {
        return send("POST", "/api/v1/session", null, null, "{\"token\": \"" + token + "\"}");
    }

    private static String cookieOf(HttpResponse<String> response) {
        String header = response.headers().firstValue("Set-Cookie").orElseThrow();
        return header.substring(0, header.indexOf(';'));
    }

    private HttpResponse<String> send(String method, String path, String cookie, String csrf, String body)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(controller.apiUrl() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (cookie != null) {
            request.header("Cookie", cookie);
        }
        if (csrf != null) {
            request.header("X-Hoist-CSRF", csrf);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
