package dev.hoist.controller.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hoist.controller.RunningController;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hostile-probe finding 2: tokens and session cookies never reach the log, at any level. */
class SecretsNeverLoggedTest {
    private static final String API_TOKEN = "hoist_api_AbCdEfGhIjKlMnOpQrStUvWxYz012345";
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path dir;

    @Test
    void everyLoggerAtItsMostVerboseWritesNoTokenAndNoCookie() throws Exception {
        Path log = dir.resolve("controller.log");
        String forged = "hoist_api_" + "f".repeat(32);
        String token;
        String cookie;
        try (RunningController controller = RunningController.start(dir.resolve("data"), "logging: {level: ALL, "
                + "appenders: [{type: file, currentLogFilename: '" + log + "', archive: false}]}")) {
            token = controller.adminToken();
            assertThat(controller.call("GET", "/api/v1/applications", token, null).status()).isEqualTo(200);
            assertThat(controller.call("GET", "/api/v1/applications", forged, null).status()).isEqualTo(401);

            HttpResponse<String> signIn = http.send(HttpRequest.newBuilder(URI.create(controller.apiUrl()
                            + "/api/v1/session")).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"token\": \"" + token + "\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(signIn.statusCode()).isEqualTo(201);
            cookie = signIn.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0].split("=", 2)[1];
            HttpResponse<String> current = http.send(HttpRequest.newBuilder(URI.create(controller.apiUrl()
                            + "/api/v1/session")).header("Cookie", "hoist_session=" + cookie).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(current.statusCode()).isEqualTo(200);
        }

        String written = Files.readString(log);
        assertThat(written).doesNotContain(token).doesNotContain(forged).doesNotContain(cookie);
        assertThat(written).as("Jetty logged the requests' headers, redacted").contains(SecretsNeverLogged.REDACTED);
    }

    @Test
    void headerDumpsBearerValuesAndHoistSecretsAreRedactedAndOrdinaryTextIsNot() {
        assertThat(SecretsNeverLogged.redact("Authorization: Bearer " + API_TOKEN + "\r\nHost: x"))
                .isEqualTo("Authorization: <redacted>\r\nHost: x");
        assertThat(SecretsNeverLogged.redact("HttpFields{cookie=[hoist_session=hs_x], host=[a]}"))
                .doesNotContain("hs_x").contains("cookie=[<redacted>");
        assertThat(SecretsNeverLogged.redact("token " + API_TOKEN + " refused")).isEqualTo("token <redacted> refused");
        assertThat(SecretsNeverLogged.redact("sent bearer abcdefgh12345678, then waited"))
                .isEqualTo("sent bearer <redacted>, then waited");
        assertThat(SecretsNeverLogged.redact("Proxy-Authorization: Basic dXNlcjpwYXNzd29yZA=="))
                .isEqualTo("Proxy-Authorization: <redacted>");
        String ordinary = "basic health check passed for hoist_controller on port 8080";
        assertThat(SecretsNeverLogged.redact(ordinary)).isSameAs(ordinary);
    }
}
