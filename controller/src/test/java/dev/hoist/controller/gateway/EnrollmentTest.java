package dev.hoist.controller.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hoist.agent.enroll.EnrollCommand;
import dev.hoist.controller.core.Agent;
import dev.hoist.controller.core.AgentQuery;
import dev.hoist.controller.core.AgentState;
import dev.hoist.controller.core.JoinToken;
import dev.hoist.controller.core.Secrets;
import dev.hoist.controller.pki.AgentCertificates;
import dev.hoist.controller.testing.GatewayHarness;
import dev.hoist.controller.testing.PkiFixtures;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code hoist-agent enroll} against a real gateway: the command, the exchange and the controller's side. */
class EnrollmentTest {
    @RegisterExtension
    static PkiFixtures pki = new PkiFixtures();

    @TempDir
    Path data;
    @TempDir
    Path stateDir;

    private GatewayHarness harness;
    private int port;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeEach
    void startGateway() throws Exception {
        harness = new GatewayHarness(pki, data);
        port = harness.port();
    }

    @AfterEach
    void stopGateway() throws Exception {
        harness.close();
    }

    private int enroll(String token, String pin, String... extra) {
        return enroll(token, pin, stateDir, extra);
    }

    private int enroll(String token, String pin, Path stateDir, String... extra) {
        CommandLine command = new CommandLine(new EnrollCommand())
                .setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true));
        List<String> args = new ArrayList<>(List.of("--controller", "127.0.0.1:" + port,
                "--token", token, "--ca-pin", pin, "--state-dir", stateDir.toString()));
        args.addAll(List.of(extra));
        return command.execute(args.toArray(String[]::new));
    }

    @Test
    void enrollsWithMergedTagsAndWritesTheCredentialsSafely() throws Exception {
        String token = harness.createToken(2, Duration.ofHours(1), Map.of("env", "prod", "role", "web"),
                Set.of("zone"));

        int status = enroll(token, pki.ca().pin(), "--tag", "role=web", "--tag", "zone=a");

        assertThat(status).as(err.toString()).isZero();
        String agentId = new ObjectMapper()
                .readTree(stateDir.resolve("agent.json").toFile()).get("agentId").asText();
        assertThat(agentId).startsWith("agt-");
        assertThat(out.toString()).contains("Enrolled as agent " + agentId);
        Agent agent = harness.agents.find(agentId).orElseThrow();
        assertThat(agent.tags()).isEqualTo(Map.of("env", "prod", "role", "web", "zone", "a"));
        assertThat(agent.state()).isEqualTo(AgentState.DISCONNECTED);
        assertThat(agent.hostname()).isNotEmpty();
        assertThat(harness.joinTokens.list()).extracting(JoinToken::usesLeft).containsExactly(1);
        assertThat(harness.meter("enrollments.ok")).isEqualTo(1);

        Path keyFile;
        try (Stream<Path> files = Files.list(stateDir)) {
            keyFile = files.filter(file -> file.getFileName().toString().endsWith(".key")).findFirst().orElseThrow();
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile))).isEqualTo("rw-------");
        var certificate = (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(Files.newInputStream(Path.of(keyFile.toString().replace(".key", ".crt"))));
        assertThat(AgentCertificates.agentId(certificate)).contains(agentId);
        try (Stream<Path> files = Files.list(stateDir)) {
            for (Path file : files.toList()) {
                assertThat(Files.readString(file)).as(file + " must not hold the token").doesNotContain(token);
            }
        }
    }

    /** Hostile-probe finding 3: a join token's tags bind the host. */
    @Test
    void aHostCannotChangeTheTokensTagsNorAddTagsUnderKeysItDoesNotAllow() throws Exception {
        String token = harness.createToken(2, Duration.ofHours(1), Map.of("env", "staging"), Set.of("zone"));
        Path fresh = data.resolve("fresh-state");

        int changed = enroll(token, pki.ca().pin(), fresh, "--tag", "env=prod");
        String changedErr = err.toString();
        int added = enroll(token, pki.ca().pin(), fresh, "--tag", "role=web");

        assertThat(changed).isEqualTo(EnrollCommand.EXIT_REFUSED);
        assertThat(changedErr).contains("env=staging", "env=prod");
        assertThat(added).isEqualTo(EnrollCommand.EXIT_REFUSED);
        assertThat(err.toString()).contains("does not let hosts choose a 'role' tag", "only zone");
        assertThat(harness.agents.list(AgentQuery.ALL)).isEmpty();
        assertThat(harness.joinTokens.list()).as("a refused host spends no use").extracting(JoinToken::usesLeft)
                .containsExactly(2);
        assertThat(fresh).as("a refused enroll leaves no empty state directory").doesNotExist();
    }

    @Test
    void aServerThatPresentsNoCaCertificateIsNamedWithThePinOfWhatItPresented() throws Exception {
        PkiFixtures.AgentKeys stranger = pki.valid("agt-stranger");
        java.security.KeyStore keys = java.security.KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        keys.setKeyEntry("k", stranger.keyPair().getPrivate(), "pw".toCharArray(),
                new java.security.cert.Certificate[] {stranger.certificate()});
        javax.net.ssl.KeyManagerFactory managers = javax.net.ssl.KeyManagerFactory.getInstance("PKIX");
        managers.init(keys, "pw".toCharArray());
        javax.net.ssl.SSLContext tls = javax.net.ssl.SSLContext.getInstance("TLS");
        tls.init(managers.getKeyManagers(), null, null);
        try (javax.net.ssl.SSLServerSocket server = (javax.net.ssl.SSLServerSocket) tls.getServerSocketFactory()
                .createServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            Thread accepting = new Thread(() -> {
                try (java.net.Socket socket = server.accept()) {
                    ((javax.net.ssl.SSLSocket) socket).startHandshake();
                } catch (java.io.IOException expected) {
                    // the agent walks away at the pin check
                }
            });
            accepting.setDaemon(true);
            accepting.start();
            port = server.getLocalPort();

            int status = enroll(Secrets.newSecret("hjt_"), pki.ca().pin());

            assertThat(status).isEqualTo(EnrollCommand.EXIT_PIN_MISMATCH);
            assertThat(err.toString()).contains("no CA certificate").contains("whose own pin is sha256:")
                    .doesNotContain("presented CA pin .");
        }
    }

    @Test
    void theTokenCanComeFromAFileSoItNeverShowsInTheProcessList() throws Exception {
        String token = harness.createToken(1, Duration.ofHours(1), Map.of());
        Path tokenFile = data.resolve("join.token");
        Files.writeString(tokenFile, token + "\n");
        CommandLine command = new CommandLine(new EnrollCommand())
                .setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true));

        int status = command.execute("--controller", "127.0.0.1:" + port, "--token-file", tokenFile.toString(),
                "--ca-pin", pki.ca().pin(), "--state-dir", stateDir.toString());

        assertThat(status).as(err.toString()).isZero();
        assertThat(harness.meter("enrollments.ok")).isEqualTo(1);
    }

    @Test
    void theTokenIsGivenExactlyOnce() {
        CommandLine command = new CommandLine(new EnrollCommand())
                .setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true));

        int neither = command.execute("--controller", "127.0.0.1:" + port, "--ca-pin", pki.ca().pin(),
                "--state-dir", stateDir.toString());

        assertThat(neither).isEqualTo(EnrollCommand.EXIT_USAGE);
        assertThat(err.toString()).contains("--token-file FILE, --token - (read from standard input)");
    }

    @Test
    void aWrongPinStopsBeforeAnythingIsSent() throws Exception {
        String token = harness.createToken(1, Duration.ofHours(1), Map.of());

        int status = enroll(token, pki.otherCa().pin());

        assertThat(status).isEqualTo(EnrollCommand.EXIT_PIN_MISMATCH);
        assertThat(err.toString()).contains("does not match the pin " + pki.otherCa().pin())
                .contains(pki.ca().pin()).contains("Nothing was sent");
        assertThat(harness.meter("frames.in")).isZero();
        assertThat(harness.joinTokens.list()).extracting(JoinToken::usesLeft).containsExactly(1);
        assertThat(stateDir.resolve("agent.json")).doesNotExist();
    }

    @Test
    void anUnknownTokenIsRefusedAsUnknown() {
        int status = enroll(Secrets.newSecret("hjt_"), pki.ca().pin());

        assertThat(status).isEqualTo(EnrollCommand.EXIT_TOKEN_UNKNOWN);
        assertThat(err.toString()).contains("does not know this join token");
        assertThat(harness.meter("enrollments.token_unknown")).isEqualTo(1);
        assertThat(harness.agents.list(AgentQuery.ALL)).isEmpty();
    }

    @Test
    void anExpiredTokenIsRefusedAsExpired() {
        String secret = Secrets.newSecret("hjt_");
        Instant past = Instant.now().minus(Duration.ofHours(2));
        harness.joinTokens.insert(new JoinToken("jt-old", Secrets.hash(secret), Map.of(), past,
                past.plus(Duration.ofHours(1)), 1, "test"));

        int status = enroll(secret, pki.ca().pin());

        assertThat(status).isEqualTo(EnrollCommand.EXIT_TOKEN_EXPIRED);
        assertThat(err.toString()).contains("has expired", "jt-old");
        assertThat(harness.meter("enrollments.token_expired")).isEqualTo(1);
    }

    @Test
    void aSpentTokenIsRefusedAsSpent() throws Exception {
        String token = harness.createToken(1, Duration.ofHours(1), Map.of());
        assertThat(enroll(token, pki.ca().pin())).isZero();

        int status = enroll(token, pki.ca().pin());

        assertThat(status).isEqualTo(EnrollCommand.EXIT_TOKEN_SPENT);
        assertThat(err.toString()).contains("no uses left");
        assertThat(harness.meter("enrollments.token_spent")).isEqualTo(1);
        assertThat(harness.agents.list(AgentQuery.ALL)).hasSize(1);
    }

    @Test
    void anUnreachableControllerIsSaidSo() throws Exception {
        harness.stop();

        int status = enroll("hjt_x", pki.ca().pin());

        assertThat(status).isEqualTo(EnrollCommand.EXIT_UNREACHABLE);
        assertThat(err.toString()).contains("cannot reach the controller at 127.0.0.1:");
        harness.start();
    }

    @Test
    void withSeveralControllersTheFirstThatAnswersEnrollsAndTheAgentKeepsThemAll() throws Exception {
        String token = harness.createToken(1, Duration.ofHours(1), Map.of());
        int down;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            down = socket.getLocalPort();
        }
        String controllers = "127.0.0.1:" + down + ",127.0.0.1:" + port;

        int status = new CommandLine(new EnrollCommand()).setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true)).execute("--controller", controllers, "--token", token,
                        "--ca-pin", pki.ca().pin(), "--state-dir", stateDir.toString());

        assertThat(status).as(err.toString()).isZero();
        assertThat(err.toString()).contains("cannot reach the controller at 127.0.0.1:" + down);
        assertThat(out.toString()).contains("with the controllers at " + controllers);
        assertThat(new ObjectMapper().readTree(stateDir.resolve("agent.json").toFile()).get("controller").asText())
                .isEqualTo(controllers);
    }

    @Test
    void aWrongPinOnTheFirstControllerEndsItThereWithoutTryingTheNext() throws Exception {
        String token = harness.createToken(1, Duration.ofHours(1), Map.of());
        int down;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            down = socket.getLocalPort();
        }

        int status = new CommandLine(new EnrollCommand()).setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true)).execute("--controller", "127.0.0.1:" + port + ",127.0.0.1:" + down,
                        "--token", token, "--ca-pin", pki.otherCa().pin(), "--state-dir", stateDir.toString());

        assertThat(status).as(err.toString()).isEqualTo(EnrollCommand.EXIT_PIN_MISMATCH);
        assertThat(err.toString()).doesNotContain("127.0.0.1:" + down);
        assertThat(harness.joinTokens.list()).extracting(JoinToken::usesLeft).containsExactly(1);
    }
}
