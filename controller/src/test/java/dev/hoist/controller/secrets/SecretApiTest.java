package dev.hoist.controller.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hoist.controller.AgainstRunningController;
import dev.hoist.controller.RunningController.Response;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The secrets of a deployment group through the real application (auth, strict JSON, SQLite, the key
 * file made on first start): set, listed and deleted, with no answer, audit event or row holding a value.
 */
class SecretApiTest extends AgainstRunningController {
    private static final String VALUE = "hunter2-" + Long.toHexString(System.nanoTime());
    private static final String GROUP = "/api/v1/applications/shop/deployment-groups/web";

    @BeforeAll
    static void createGroup() throws Exception {
        assertThat(call("POST", "/api/v1/applications", "{\"name\": \"shop\"}").status()).isEqualTo(201);
        assertThat(call("POST", "/api/v1/applications/shop/deployment-groups",
                "{\"name\": \"web\", \"tagSet\": [[\"role=web\"]]}").status()).isEqualTo(201);
    }

    @Test
    void aSecretIsSetListedReplacedAndDeletedWithoutItsValueEverShown() throws Exception {
        Response set = call("PUT", GROUP + "/secrets/API_KEY", "{\"value\": \"" + VALUE + "\"}");
        assertThat(set.status()).as(set.body()).isEqualTo(200);
        assertThat(set.json().path("name").asText()).isEqualTo("API_KEY");
        assertThat(set.json().path("group").asText()).isEqualTo("web");
        assertThat(set.json().has("updatedAt")).isTrue();
        Response replaced = call("PUT", GROUP + "/secrets/API_KEY", "{\"value\": \"" + VALUE + "-2\"}");
        assertThat(replaced.status()).isEqualTo(200);

        Response list = call("GET", GROUP + "/secrets", null);
        assertThat(list.json()).hasSize(1);
        Response audit = call("GET", "/api/v1/audit-events", null);
        assertThat(audit.body()).contains("secret.set").contains("shop/web/API_KEY");
        for (Response answer : new Response[] {set, replaced, list, audit, call("GET", GROUP, null)}) {
            assertThat(answer.body()).doesNotContain(VALUE);
        }
        assertThat(controller.consoleOutput()).doesNotContain(VALUE);
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + controller.parts().dataDir().resolve("hoist.db"));
                ResultSet row = db.createStatement().executeQuery(
                        "SELECT sealed FROM group_secrets WHERE name = 'API_KEY'")) {
            assertThat(row.next()).isTrue();
            assertThat(row.getString("sealed")).startsWith("v1:").doesNotContain(VALUE);
        }

        assertThat(call("DELETE", GROUP + "/secrets/API_KEY", null).status()).isEqualTo(204);
        assertThat(call("GET", GROUP + "/secrets", null).json()).isEmpty();
        Response again = call("DELETE", GROUP + "/secrets/API_KEY", null);
        assertThat(again.status()).isEqualTo(404);
        assertThat(again.code()).isEqualTo("SECRET_NOT_FOUND");
    }

    @Test
    void theKeyFileIsMadeOnFirstStartReadableByTheControllerOnly() throws Exception {
        Path key = controller.parts().dataDir().resolve("secrets.key");
        assertThat(Files.exists(key)).isTrue();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).isEqualTo("rw-------");
    }

    @Test
    void badNamesValuesAndBodiesAreRefusedWithoutEchoingTheValue() {
        assertRefused(call("PUT", GROUP + "/secrets/9LIVES", "{\"value\": \"" + VALUE + "\"}"), 400,
                "INVALID_SECRET_NAME");
        assertRefused(call("PUT", GROUP + "/secrets/HOIST_REVISION_ID", "{\"value\": \"" + VALUE + "\"}"), 400,
                "INVALID_SECRET_NAME");
        assertRefused(call("PUT", GROUP + "/secrets/DEPLOYMENT_ID", "{\"value\": \"" + VALUE + "\"}"), 400,
                "INVALID_SECRET_NAME");
        assertRefused(call("PUT", GROUP + "/secrets/EMPTY", "{\"value\": \"\"}"), 400, "INVALID_SECRET_VALUE");
        assertRefused(call("PUT", GROUP + "/secrets/NUL", "{\"value\": \"a\\u0000" + VALUE + "\"}"), 400,
                "INVALID_SECRET_VALUE");
        assertRefused(call("PUT", GROUP + "/secrets/BIG", "{\"value\": \"" + "x".repeat(4097) + "\"}"), 400,
                "INVALID_SECRET_VALUE");
        assertRefused(call("PUT", GROUP + "/secrets/TYPO", "{\"valeu\": \"" + VALUE + "\"}"), 400, "UNKNOWN_FIELD");
        assertRefused(call("PUT", GROUP + "/secrets/TWICE", "{\"value\": \"a\", \"value\": \"" + VALUE + "\"}"),
                400, null);
        assertRefused(call("PUT", GROUP + "/secrets/BROKEN", "{\"value\": \"" + VALUE + "\" ,,}"), 400,
                "MALFORMED_JSON");
        assertRefused(call("PUT", GROUP + "/secrets/NUMBER", "{\"value\": 12345}"), 400, null);
        // Found by the REST body fuzzer: bytes the JSON reader takes for UTF-32 in an odd order were a 500.
        assertRefused(call("PUT", GROUP + "/secrets/ODD", "\u0000\u0000}\u0000"), 400, "MALFORMED_JSON");
        assertRefused(call("POST", "/api/v1/applications", "\u0000\u0000}\u0000"), 400, "MALFORMED_JSON");
        assertRefused(call("PUT", "/api/v1/applications/shop/deployment-groups/nope/secrets/A",
                "{\"value\": \"" + VALUE + "\"}"), 404, "DEPLOYMENT_GROUP_NOT_FOUND");
        assertRefused(call("GET", "/api/v1/applications/nope/deployment-groups/web/secrets", null), 404,
                "APPLICATION_NOT_FOUND");
        assertThat(call("GET", GROUP + "/secrets", null).body()).doesNotContain("9LIVES").doesNotContain("TYPO");
        assertThat(controller.consoleOutput()).doesNotContain(VALUE);
    }

    @Test
    void onlyAdminsSetOrDeleteAndViewersListNames() {
        Response token = call("POST", "/api/v1/api-tokens", "{\"name\": \"reader\", \"role\": \"deployer\"}");
        String deployer = token.json().path("token").asText();
        assertThat(controller.call("PUT", GROUP + "/secrets/X", deployer, "{\"value\": \"v\"}").status())
                .isEqualTo(403);
        assertThat(controller.call("DELETE", GROUP + "/secrets/X", deployer, null).status()).isEqualTo(403);
        assertThat(controller.call("GET", GROUP + "/secrets", deployer, null).status()).isEqualTo(200);
        assertThat(controller.call("GET", GROUP + "/secrets", null, null).status()).isEqualTo(401);
    }

    private static void assertRefused(Response response, int status, String code) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        JsonNode body = response.json();
        if (code != null) {
            assertThat(body.path("code").asText()).as(response.body()).isEqualTo(code);
        }
        assertThat(response.body()).doesNotContain(VALUE).doesNotContain("x".repeat(100));
    }

    private static Response call(String method, String path, String body) {
        return controller.call(method, path, admin, body);
    }
}
