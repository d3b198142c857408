package dev.hoist.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.hoist.cli.client.PinnedCa;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code hoist login} to an API served over real TLS on loopback, with a self-signed certificate the JDK
 * does not trust (made by {@code keytool}): login pins it, later commands trust it through the context.
 */
class LoginOverTlsTest {
    private static final String TOKEN = "hoist_api_good";

    @TempDir
    Path dir;

    private HttpsServer server;
    private String url;
    private String expectedPin;

    @BeforeEach
    void startTlsServer() throws Exception {
        Path keystore = dir.resolve("server.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "controller", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=hoist test controller", "-ext", "SAN=ip:127.0.0.1", "-validity", "2",
                "-keystore", keystore.toString(), "-storetype", "PKCS12", "-storepass", "changeit")
                .redirectErrorStream(true).start();
        byte[] output = keytool.getInputStream().readAllBytes();
        assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(keytool.exitValue()).as(new String(output, StandardCharsets.UTF_8)).isZero();
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            keys.load(in, "changeit".toCharArray());
        }
        expectedPin = PinnedCa.pin((X509Certificate) keys.getCertificate("controller"));
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(keys, "changeit".toCharArray());
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(keyManagers.getKeyManagers(), null, null);

        server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(tls));
        server.createContext("/api/v1/version", exchange -> answer(exchange,
                "{\"version\": \"0.1.0\", \"api\": \"v1\", \"tokenName\": \"ci\", \"role\": \"viewer\"}"));
        server.createContext("/api/v1/applications", exchange -> answer(exchange, "[{\"name\": \"web\"}]"));
        server.start();
        url = "https://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void loginPinsTheControllersCaAndLaterCommandsTrustIt() throws Exception {
        CliRun untrusted = run(Map.of("HOIST_URL", url, "HOIST_TOKEN", TOKEN), "", "app", "list");
        assertThat(untrusted.exitCode()).isEqualTo(ExitCodes.UNREACHABLE);

        CliRun login = run(Map.of(), TOKEN + "\n", "login", url);
        assertThat(login.exitCode()).as(login.err()).isZero();
        assertThat(login.err()).contains("Pinned the controller's CA " + expectedPin);
        assertThat(Files.readString(dir.resolve("config/hoist/config.yml"))).contains("ca: \"-----BEGIN CERTIFICATE");

        CliRun list = run(Map.of(), "", "app", "list", "-q");
        assertThat(list.exitCode()).as(list.err()).isZero();
        assertThat(list.out()).isEqualTo("web\n");
        assertThat(run(Map.of(), "", "context", "list").out()).contains(expectedPin);
    }

    @Test
    void aCaPinTheChainDoesNotHaveIsRefusedAndNothingIsSaved() {
        String other = "sha256:" + "0".repeat(64);

        CliRun login = run(Map.of(), TOKEN, "login", url, "--ca-pin", other);

        assertThat(login.exitCode()).isEqualTo(ExitCodes.REFUSED);
        assertThat(login.err()).contains("CA_PIN_MISMATCH").contains(expectedPin);
        assertThat(dir.resolve("config/hoist/config.yml")).doesNotExist();
        assertThat(run(Map.of(), TOKEN, "login", url, "--ca-pin", expectedPin).exitCode()).isZero();
    }

    private static void answer(HttpExchange exchange, String json) throws IOException {
        boolean authorised = List.of("Bearer " + TOKEN).equals(exchange.getRequestHeaders().get("Authorization"));
        byte[] body = (authorised ? json : "{\"code\": \"UNAUTHENTICATED\", \"message\": \"no valid token\", "
                + "\"details\": {}}").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(authorised ? 200 : 401, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    private CliRun run(Map<String, String> env, String stdin, String... args) {
        Map<String, String> all = new HashMap<>(env);
        all.put("XDG_CONFIG_HOME", dir.resolve("config").toString());
        return CliRun.withInput(all, dir, stdin, args);
    }
}
