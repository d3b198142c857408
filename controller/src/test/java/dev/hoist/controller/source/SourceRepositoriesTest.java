package dev.hoist.controller.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hoist.controller.RunningController;
import dev.hoist.controller.RunningController.Response;
import dev.hoist.controller.testing.InProcessCli;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Source repositories on a real controller, with the real {@code git}: a hosted repository pushed to and
 * cloned over HTTP with API tokens (and refused without one or with a viewer's for a push), and external
 * sources on a local bare repository, fetched by the poller and by a signed webhook.
 */
class SourceRepositoriesTest {
    @TempDir
    static Path temp;
    static RunningController controller;
    static String admin;
    static String deployer;
    static String viewer;
    static Git git;

    @BeforeAll
    static void start() throws Exception {
        controller = RunningController.start(temp.resolve("hoist-data"),
                "sources: {minimumPollSeconds: 1, pollTick: 100ms, fetchTimeoutSeconds: 20}");
        admin = controller.adminToken();
        deployer = token("repo-deployer", "deployer");
        viewer = token("repo-viewer", "viewer");
        git = new Git(temp.resolve("home"));
    }

    @AfterAll
    static void stop() {
        if (controller != null) {
            controller.close();
        }
    }

    @Test
    void aHostedRepositoryIsPushedToWithADeployerTokenAndClonedWithAViewersAndRefusesTheRest() throws Exception {
        Response created = controller.call("POST", "/api/v1/repositories", deployer,
                "{\"name\": \"web-shop\", \"description\": \"the shop\"}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.json().path("kind").asText()).isEqualTo("hosted");
        assertThat(created.json().path("gitPath").asText()).isEqualTo("/git/web-shop.git");
        assertThat(controller.parts().dataDir().resolve("git/web-shop.git/HEAD")).exists();

        Path work = git.newWorkingCopy(temp.resolve("web-shop"), "hello\n");
        String head = git.run(work, "rev-parse", "HEAD").ok().line();
        String remote = controller.apiUrl() + "/git/web-shop.git";

        Git.Run anonymous = git.run(work, "push", remote, "main");
        assertThat(anonymous.exit()).as(anonymous.err()).isNotZero();
        // 401 with WWW-Authenticate: Basic: git asks for credentials (and may not prompt here).
        assertThat(anonymous.err()).contains("could not read Username");
        Git.Run wrongToken = git.run(work, Git.withToken("hoist_api_not-a-token", "push", remote, "main"));
        assertThat(wrongToken.exit()).isNotZero();
        Git.Run asViewer = git.run(work, Git.withToken(viewer, "push", remote, "main"));
        assertThat(asViewer.exit()).isNotZero();
        assertThat(asViewer.err()).contains("403");
        assertThat(repository("web-shop").path("branches")).isEmpty();

        git.run(work, Git.withToken(deployer, "push", remote, "main")).ok();
        JsonNode pushed = repository("web-shop");
        assertThat(pushed.path("defaultBranch").asText()).isEqualTo("main");
        assertThat(pushed.path("branches").get(0).path("name").asText()).isEqualTo("main");
        assertThat(pushed.path("branches").get(0).path("commit").asText()).isEqualTo(head);
        assertThat(pushed.path("commits").get(0).path("sha").asText()).isEqualTo(head);
        assertThat(pushed.path("commits").get(0).path("message").asText()).isEqualTo("First commit");
        assertThat(pushed.path("commits").get(0).path("author").asText()).isEqualTo("Ada Tester");

        String second = git.commit(work, "README.md", "hello again\n", "Second commit");
        git.run(work, "checkout", "-q", "-b", "feature").ok();
        String feature = git.commit(work, "feature.txt", "new\n", "A feature");
        git.run(work, Git.withToken(deployer, "push", remote, "main", "feature")).ok();
        JsonNode both = controller.call("GET", "/api/v1/repositories/web-shop?branch=feature&limit=2", viewer, null)
                .json();
        assertThat(both.path("branches")).hasSize(2);
        assertThat(both.path("commitsBranch").asText()).isEqualTo("feature");
        assertThat(both.path("commits")).hasSize(2);
        assertThat(both.path("commits").get(0).path("sha").asText()).isEqualTo(feature);
        assertThat(both.path("commits").get(1).path("sha").asText()).isEqualTo(second);
        assertThat(controller.call("GET", "/api/v1/repositories/web-shop?branch=nope", viewer, null).code())
                .isEqualTo("BRANCH_NOT_FOUND");

        Git.Run anonymousClone = git.run(temp, "clone", "-q", remote, temp.resolve("anonymous").toString());
        assertThat(anonymousClone.exit()).isNotZero();
        git.run(temp, Git.withToken(viewer, "clone", "-q", remote, temp.resolve("clone").toString())).ok();
        assertThat(temp.resolve("clone/README.md")).hasContent("hello again");
        assertThat(git.run(temp.resolve("clone"), "rev-parse", "HEAD").ok().line()).isEqualTo(second);

        JsonNode audit = controller.call("GET", "/api/v1/audit-events", admin, null).json();
        assertThat(audit.toString()).contains("repository.push").contains("refs/heads/feature")
                .contains("FORBIDDEN").contains("repo-deployer");

        assertThat(controller.call("DELETE", "/api/v1/repositories/web-shop", viewer, null).status()).isEqualTo(403);
        assertThat(controller.call("DELETE", "/api/v1/repositories/web-shop", deployer, null).status()).isEqualTo(204);
        assertThat(controller.parts().dataDir().resolve("git/web-shop.git")).doesNotExist();
        assertThat(controller.call("GET", "/api/v1/repositories/web-shop", viewer, null).code())
                .isEqualTo("REPOSITORY_NOT_FOUND");
        assertThat(git.run(work, Git.withToken(deployer, "push", remote, "main")).exit()).isNotZero();
    }

    @Test
    void namesAndFieldsAreCheckedWithSpecificCodes() {
        assertThat(create("{\"name\": \"Web\"}").code()).isEqualTo("INVALID_REPOSITORY_NAME");
        assertThat(create("{\"name\": \"web.git\"}").code()).isEqualTo("INVALID_REPOSITORY_NAME");
        assertThat(create("{\"name\": \"../etc\"}").code()).isEqualTo("INVALID_REPOSITORY_NAME");
        assertThat(create("{\"name\": \"plain\", \"pollSeconds\": 60}").code()).isEqualTo("NOT_AN_EXTERNAL_SOURCE");
        assertThat(create("{\"name\": \"ext\", \"url\": \"ssh://git@example.org/x.git\"}").code())
                .isEqualTo("SSH_REMOTE_NOT_SUPPORTED");
        assertThat(create("{\"name\": \"ext\", \"url\": \"https://u:p@example.org/x.git\"}").code())
                .isEqualTo("URL_CARRIES_CREDENTIALS");
        assertThat(create("{\"name\": \"ext\", \"url\": \"http://example.org/x.git\", \"password\": \"t\"}").code())
                .isEqualTo("CREDENTIALS_NEED_HTTPS");
        assertThat(create("{\"name\": \"ext\", \"url\": \"/no/such/dir\"}").code()).isEqualTo("INVALID_REPOSITORY_URL");
        assertThat(create("{\"name\": \"ext\", \"url\": \"https://example.org/x.git\", \"webhookSecret\": \"short\"}")
                .code()).isEqualTo("INVALID_WEBHOOK_SECRET");
        assertThat(create("{\"name\": \"taken\"}").status()).isEqualTo(201);
        assertThat(create("{\"name\": \"taken\"}").code()).isEqualTo("REPOSITORY_EXISTS");
        assertThat(controller.call("POST", "/api/v1/repositories", viewer, "{\"name\": \"mine\"}").status())
                .isEqualTo(403);
        assertThat(controller.call("POST", "/api/v1/repositories/taken/fetch", deployer, null).code())
                .isEqualTo("NOT_AN_EXTERNAL_SOURCE");
    }

    @Test
    void anExternalSourceIsPolledAndItsCredentialsAreNeverShown() throws Exception {
        Path origin = temp.resolve("polled-origin.git");
        Files.createDirectories(origin);
        git.run(origin, "init", "-q", "--bare", "-b", "main").ok();
        Path work = git.newWorkingCopy(temp.resolve("polled-work"), "polled\n");
        git.run(work, "push", "-q", origin.toString(), "main").ok();
        String first = git.run(work, "rev-parse", "HEAD").ok().line();

        Response created = create("{\"name\": \"polled\", \"url\": \"" + origin + "\", \"pollSeconds\": 1}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.json().path("kind").asText()).isEqualTo("external");
        await().atMost(Duration.ofSeconds(30)).until(() -> head("polled", "main"), first::equals);

        String second = git.commit(work, "README.md", "polled again\n", "Moved on");
        git.run(work, "push", "-q", origin.toString(), "main").ok();
        await().atMost(Duration.ofSeconds(30)).until(() -> head("polled", "main"), second::equals);
        assertThat(repository("polled").path("lastFetchError").isNull()).isTrue();
        // A mirror is read-only over HTTP: fetched with a viewer's token, never pushed to.
        git.run(temp, Git.withToken(viewer, "clone", "-q", controller.apiUrl() + "/git/polled.git",
                temp.resolve("polled-clone").toString())).ok();
        Git.Run push = git.run(work, Git.withToken(deployer, "push", controller.apiUrl() + "/git/polled.git", "main"));
        assertThat(push.exit()).isNotZero();

        Response secret = create("{\"name\": \"private\", \"url\": \"https://127.0.0.1:9/x.git\", \"pollSeconds\": 0, "
                + "\"username\": \"robot\", \"password\": \"s3cret-password\", \"webhookSecret\": \"0123456789abcdef-hook\"}");
        assertThat(secret.status()).as(secret.body()).isEqualTo(201);
        Response shown = controller.call("GET", "/api/v1/repositories/private", admin, null);
        assertThat(shown.json().path("credentialsSet").asBoolean()).isTrue();
        assertThat(shown.json().path("webhookSecretSet").asBoolean()).isTrue();
        assertThat(shown.body() + secret.body() + controller.call("GET", "/api/v1/repositories", admin, null).body())
                .doesNotContain("s3cret-password").doesNotContain("robot").doesNotContain("0123456789abcdef-hook");
        Response failed = controller.call("POST", "/api/v1/repositories/private/fetch", deployer, null);
        assertThat(failed.code()).isEqualTo("FETCH_FAILED");
        assertThat(failed.body()).doesNotContain("s3cret-password");
        assertThat(repository("private").path("lastFetchError").asText()).isNotEmpty();
    }

    @Test
    void aWebhookWithABadSignatureIsRefusedAndAGoodOneFetches() throws Exception {
        Path origin = temp.resolve("hooked-origin.git");
        Files.createDirectories(origin);
        git.run(origin, "init", "-q", "--bare", "-b", "main").ok();
        Path work = git.newWorkingCopy(temp.resolve("hooked-work"), "hooked\n");
        git.run(work, "push", "-q", origin.toString(), "main").ok();
        String secret = "a-webhook-secret-of-some-length";
        assertThat(create("{\"name\": \"hooked\", \"url\": \"" + origin + "\", \"pollSeconds\": 0, \"webhookSecret\": \""
                + secret + "\"}").status()).isEqualTo(201);
        Response fetched = controller.call("POST", "/api/v1/repositories/hooked/fetch", deployer, null);
        assertThat(fetched.status()).as(fetched.body()).isEqualTo(200);
        String first = git.run(work, "rev-parse", "HEAD").ok().line();
        assertThat(head("hooked", "main")).isEqualTo(first);

        String second = git.commit(work, "README.md", "hooked again\n", "Hooked");
        git.run(work, "push", "-q", origin.toString(), "main").ok();
        byte[] body = "{\"ref\": \"refs/heads/main\"}".getBytes(StandardCharsets.UTF_8);

        HttpResponse<String> unsigned = webhook("hooked", body, null);
        assertThat(unsigned.statusCode()).isEqualTo(401);
        assertThat(unsigned.body()).contains("WEBHOOK_SIGNATURE_MISSING");
        HttpResponse<String> wrong = webhook("hooked", body, WebhookSignature.sign("another-secret-entirely", body));
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(wrong.body()).contains("WEBHOOK_SIGNATURE_INVALID");
        HttpResponse<String> tampered = webhook("hooked", "{}".getBytes(StandardCharsets.UTF_8),
                WebhookSignature.sign(secret, body));
        assertThat(tampered.statusCode()).isEqualTo(401);
        assertThat(head("hooked", "main")).isEqualTo(first);
        assertThat(webhook("nothing-here", body, WebhookSignature.sign(secret, body)).statusCode()).isEqualTo(404);

        HttpResponse<String> good = webhook("hooked", body, WebhookSignature.sign(secret, body));
        assertThat(good.statusCode()).as(good.body()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(30)).until(() -> head("hooked", "main"), second::equals);
    }

    @Test
    void theCliCreatesListsShowsFetchesAndDeletesAndPrintsTheCloneUrl() throws Exception {
        InProcessCli created = hoist("repo", "create", "cli-repo", "--description", "made by the CLI");
        assertThat(created.exit()).as(created.err()).isZero();
        assertThat(created.out()).contains("Clone URL: " + controller.apiUrl() + "/git/cli-repo.git");
        Path work = git.newWorkingCopy(temp.resolve("cli-work"), "cli\n");
        git.run(work, Git.withToken(deployer, "push", controller.apiUrl() + "/git/cli-repo.git", "main")).ok();

        InProcessCli list = hoist("repo", "list");
        assertThat(list.out()).contains("cli-repo").contains("hosted").contains("/git/cli-repo.git");
        InProcessCli shown = hoist("repo", "get", "cli-repo", "--branch", "main");
        assertThat(shown.exit()).as(shown.err()).isZero();
        assertThat(shown.out()).contains("* main").contains("First commit").contains("Ada Tester");
        JsonNode json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(
                hoist("repo", "get", "cli-repo", "--output", "json").out());
        assertThat(json.path("branches").get(0).path("name").asText()).isEqualTo("main");
        assertThat(hoist("repo", "list", "-q").out()).contains("cli-repo\n");
        InProcessCli missing = hoist("repo", "get", "no-such-repo");
        assertThat(missing.exit()).isEqualTo(1);
        assertThat(missing.err()).contains("REPOSITORY_NOT_FOUND");

        Path origin = temp.resolve("cli-origin.git");
        Files.createDirectories(origin);
        git.run(origin, "init", "-q", "--bare", "-b", "main").ok();
        git.run(work, "push", "-q", origin.toString(), "main").ok();
        Path secretFile = Files.writeString(temp.resolve("hook-secret"), "cli-webhook-secret-0123456789\n");
        InProcessCli external = hoist("repo", "create", "cli-mirror", "--remote", origin.toString(), "--poll", "off",
                "--webhook-secret-file", secretFile.toString());
        assertThat(external.exit()).as(external.err()).isZero();
        assertThat(external.out()).contains("/api/v1/repositories/cli-mirror/webhook");
        await().atMost(Duration.ofSeconds(30)).until(() -> head("cli-mirror", "main") != null);
        git.commit(work, "README.md", "cli again\n", "From the CLI test");
        git.run(work, "push", "-q", origin.toString(), "main").ok();
        InProcessCli fetched = hoist("repo", "fetch", "cli-mirror");
        assertThat(fetched.exit()).as(fetched.err()).isZero();
        assertThat(fetched.out()).contains("refs/heads/main");
        assertThat(hoist("repo", "create", "x", "--poll", "5m").exit()).isEqualTo(2);

        assertThat(hoist("repo", "delete", "cli-repo").exit()).isZero();
        assertThat(hoist("repo", "list").out()).doesNotContain("cli-repo");
    }

    private static InProcessCli hoist(String... args) {
        return InProcessCli.run(Map.of("HOIST_URL", controller.apiUrl(), "HOIST_TOKEN", deployer), temp.resolve("cli"),
                "", args);
    }

    private static HttpResponse<String> webhook(String name, byte[] body, String signature) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(controller.apiUrl() + "/api/v1/repositories/"
                        + name + "/webhook"))
                .timeout(Duration.ofSeconds(20)).header("Content-Type", "application/json")
                .header("X-GitHub-Event", "push").POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (signature != null) {
            request.header(WebhookSignature.HEADER, signature);
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String head(String repository, String branch) {
        for (JsonNode candidate : repository(repository).path("branches")) {
            if (candidate.path("name").asText().equals(branch)) {
                return candidate.path("commit").asText();
            }
        }
        return null;
    }

    private static JsonNode repository(String name) {
        Response response = controller.call("GET", "/api/v1/repositories/" + name, viewer, null);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json();
    }

    private static Response create(String body) {
        return controller.call("POST", "/api/v1/repositories", deployer, body);
    }

    private static String token(String name, String role) {
        Response created = controller.call("POST", "/api/v1/api-tokens", admin,
                "{\"name\": \"" + name + "\", \"role\": \"" + role + "\"}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json().path("token").asText();
    }
}
