package dev.hoist.controller;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hoist.cli.ExitCodes;
import dev.hoist.controller.testing.InProcessCli;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code hoist login}, contexts and their precedence, {@code hoist version}, {@code -q} and the exit codes,
 * with the real CLI in-process against a real controller. Each test has its own config directory and runs
 * from a directory without {@code hoist-data}, so only what the test sets up can supply a token.
 */
class CliLoginAgainstControllerTest extends AgainstRunningController {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path home;


    @Test
    void loginChecksTheTokenFromStandardInputAndSavesAPrivateContext() throws Exception {
        InProcessCli login = hoist(Map.of(), controller.adminToken() + "\n", "login", controller.apiUrl(), "--name", "local");

        assertThat(login.exit).as(login.err).isZero();
        assertThat(login.out).contains("Logged in to " + controller.apiUrl() + " as admin (role admin")
                .contains("Context 'local' is current");
        Path config = home.resolve("config/hoist/config.yml");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(config))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(config.getParent())))
                .isEqualTo("rwx------");
        assertThat(Files.readString(config)).contains(controller.adminToken()).contains("current-context: \"local\"");

        InProcessCli list = hoist(Map.of(), "", "app", "list");
        assertThat(list.exit).as(list.err).isZero();
    }

    @Test
    void loginFromATokenFileAndAWrongTokenIsRefusedWithTheApiCodeAndNothingSaved() throws Exception {
        Path good = home.resolve("good.token");
        Files.writeString(good, controller.adminToken());
        Path bad = home.resolve("bad.token");
        Files.writeString(bad, "hoist_api_not-a-token");

        InProcessCli refused = hoist(Map.of(), "", "login", controller.apiUrl(), "--token-file", bad.toString());
        assertThat(refused.exit).isEqualTo(ExitCodes.NOT_AUTHORISED);
        assertThat(refused.err).contains("UNAUTHENTICATED").contains("refused the API token");
        assertThat(home.resolve("config/hoist/config.yml")).doesNotExist();

        InProcessCli ok = hoist(Map.of(), "", "login", controller.apiUrl(), "--token-file", good.toString());
        assertThat(ok.exit).as(ok.err).isZero();

        InProcessCli none = hoist(Map.of(), "", "login", controller.apiUrl());
        assertThat(none.exit).isEqualTo(ExitCodes.USAGE);
        assertThat(none.err).contains("no API token given");
    }

    @Test
    void contextsSwitchAndTheirPrecedenceIsFlagsThenEnvironmentThenContext() throws Exception {
        String viewer = createToken("viewer");
        assertThat(hoist(Map.of(), viewer, "login", controller.apiUrl(), "--name", "as-viewer").exit).isZero();
        assertThat(hoist(Map.of(), controller.adminToken(), "login", controller.apiUrl(), "--name", "as-admin").exit)
                .isZero();

        InProcessCli contexts = hoist(Map.of(), "", "context", "list");
        assertThat(contexts.out).containsPattern("(?m)^\\*\\s+as-admin").contains("as-viewer")
                .doesNotContain(controller.adminToken()).doesNotContain(viewer);
        assertThat(hoist(Map.of(), "", "context", "list", "-q").out).isEqualTo("as-viewer\nas-admin\n");
        JsonNode json = JSON.readTree(hoist(Map.of(), "", "context", "list", "-o", "json").out);
        assertThat(json.get(1).path("current").asBoolean()).isTrue();
        assertThat(json.get(1).has("token")).isFalse();

        // the current context (admin) may list API tokens; the viewer may not
        assertThat(hoist(Map.of(), "", "api-token", "list").exit).isZero();
        assertThat(hoist(Map.of(), "", "context", "use", "as-viewer").exit).isZero();
        InProcessCli forbidden = hoist(Map.of(), "", "api-token", "list");
        assertThat(forbidden.exit).isEqualTo(ExitCodes.NOT_AUTHORISED);
        assertThat(forbidden.err).contains("FORBIDDEN");

        // HOIST_TOKEN comes before the context, --token before HOIST_TOKEN, --context before the current one
        assertThat(hoist(Map.of("HOIST_TOKEN", controller.adminToken()), "", "api-token", "list").exit).isZero();
        assertThat(hoist(Map.of("HOIST_TOKEN", "hoist_api_wrong"), "", "app", "list").exit)
                .isEqualTo(ExitCodes.NOT_AUTHORISED);
        assertThat(hoist(Map.of("HOIST_TOKEN", "hoist_api_wrong"), "", "api-token", "list", "--token",
                controller.adminToken()).exit).isZero();
        assertThat(hoist(Map.of(), "", "api-token", "list", "--context", "as-admin").exit).isZero();

        assertThat(hoist(Map.of(), "", "context", "remove", "as-viewer").out).contains("no context is current");
        InProcessCli unknown = hoist(Map.of(), "", "context", "use", "as-viewer");
        assertThat(unknown.exit).isEqualTo(ExitCodes.USAGE);
        assertThat(unknown.err).contains("CONTEXT_NOT_FOUND");
        // no context and no admin.token here: the controller says no token was given
        InProcessCli noToken = hoist(Map.of(), "", "app", "list");
        assertThat(noToken.exit).isEqualTo(ExitCodes.NOT_AUTHORISED);
        assertThat(noToken.err).contains("no API token").contains("hoist login");
    }

    @Test
    void versionNamesTheControllerAndTheToken() throws Exception {
        InProcessCli version = hoist(Map.of("HOIST_TOKEN", controller.adminToken()), "", "version");
        assertThat(version.exit).as(version.err).isZero();
        assertThat(version.out).contains("client:     hoist ").contains("controller: ").contains("(API v1)")
                .contains("token admin (role admin)");

        JsonNode json = JSON.readTree(hoist(Map.of("HOIST_TOKEN", controller.adminToken()), "", "version",
                "-o", "json").out);
        assertThat(json.path("controller").path("api").asText()).isEqualTo("v1");
        assertThat(json.path("controller").path("role").asText()).isEqualTo("admin");
        assertThat(json.has("client")).isTrue();
    }

    @Test
    void quietPrintsIdsOneALineAndYamlHasTheApiFieldNames() throws Exception {
        Map<String, String> admin = Map.of("HOIST_TOKEN", controller.adminToken());
        assertThat(hoist(admin, "", "app", "create", "quiet-a").exit).isZero();
        assertThat(hoist(admin, "", "app", "create", "quiet-b").exit).isZero();

        assertThat(hoist(admin, "", "app", "list", "-q").out.lines()).contains("quiet-a", "quiet-b")
                .allMatch(line -> !line.contains(" "));
        InProcessCli token = hoist(admin, "", "token", "create", "-q");
        assertThat(token.out).matches("jt-\\S+\n");
        assertThat(hoist(admin, "", "token", "list", "-q").out.lines()).contains(token.out.strip());
        assertThat(hoist(admin, "", "app", "list", "-o", "yaml").out).contains("- name: \"quiet-a\"")
                .contains("  createdAt: \"");
    }

    @Test
    void everyExitCodeOfACommandThatCallsTheController() throws Exception {
        Map<String, String> admin = Map.of("HOIST_TOKEN", controller.adminToken());
        assertThat(hoist(admin, "", "app", "list").exit).isEqualTo(ExitCodes.OK);
        InProcessCli refused = hoist(admin, "", "agent", "get", "agt-nobody");
        assertThat(refused.exit).isEqualTo(ExitCodes.REFUSED);
        assertThat(refused.err).contains("AGENT_NOT_FOUND: ");
        assertThat(hoist(admin, "", "agent", "get").exit).isEqualTo(ExitCodes.USAGE);
        assertThat(hoist(admin, "", "app", "list", "--output", "xml").exit).isEqualTo(ExitCodes.USAGE);
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        assertThat(hoist(admin, "", "app", "list", "--url", "http://127.0.0.1:" + closed).exit)
                .isEqualTo(ExitCodes.UNREACHABLE);
        assertThat(hoist(Map.of("HOIST_TOKEN", "hoist_api_wrong"), "", "app", "list").exit)
                .isEqualTo(ExitCodes.NOT_AUTHORISED);
        // 5, 6 and 7 (deploy --wait: Failed, Stopped, timed out): DeployCommandTest and the end-to-end tests
    }

    @Test
    void completionOffersWhatTheControllerKnows() throws Exception {
        Map<String, String> admin = Map.of("HOIST_TOKEN", controller.adminToken());
        assertThat(hoist(admin, "", "app", "create", "complete-me").exit).isZero();
        assertThat(hoist(admin, "", "group", "create", "--app", "complete-me", "--name", "prod", "--tag", "x=y")
                .exit).isZero();

        assertThat(hoist(admin, "", "__complete", "deploy", "--app", "complete-").out).isEqualTo("complete-me\n");
        assertThat(hoist(admin, "", "__complete", "deploy", "--app", "complete-me", "--group", "").out)
                .isEqualTo("prod\n");
        assertThat(hoist(admin, "", "__complete", "dep").out.lines()).containsExactly("deploy", "deployment");
        // a controller that does not answer: no candidates and no error
        InProcessCli offline = hoist(Map.of("HOIST_URL", "http://127.0.0.1:9", "HOIST_TOKEN", "t"), "", "__complete",
                "deploy", "--app", "");
        assertThat(offline.exit).isZero();
        assertThat(offline.out).isEmpty();
        assertThat(offline.err).isEmpty();
    }

    private String createToken(String role) throws Exception {
        InProcessCli created = hoist(Map.of("HOIST_TOKEN", controller.adminToken()), "", "api-token", "create",
                "cli-" + role + "-" + System.nanoTime(), "--role", role, "-o", "json");
        assertThat(created.exit).as(created.err).isZero();
        return JSON.readTree(created.out).path("token").asText();
    }

    /** Runs hoist with its config under this test's home, HOIST_URL set, and {@code stdin} on standard input. */
    private InProcessCli hoist(Map<String, String> extraEnv, String stdin, String... args) {
        Map<String, String> env = new HashMap<>(extraEnv);
        env.put("XDG_CONFIG_HOME", home.resolve("config").toString());
        if (args.length == 0 || !args[0].equals("login")) {
            env.putIfAbsent("HOIST_URL", controller.apiUrl());
        }
        return InProcessCli.run(env, home.resolve("work"), stdin, args);
    }

}
