package dev.hoist.controller.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hoist.controller.testing.DebianPrograms;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code samples/blue-green/demo} run as a user runs it, on the jars the reactor built: HAProxy, a controller
 * and five agents on loopback, v1 and v2 deployed blue/green and a broken v3 that fails before the reroute,
 * under a load of requests through the balancer. The demo's own summary must say that no request failed and
 * that v3 never served; with {@code --keep} the balancer still serves v2 afterwards, and {@code demo stop}
 * ends every process the run started. Skipped outside CI when haproxy is not installed.
 */
class BlueGreenDemoIT {
    private static final Duration DEMO_DEADLINE = Duration.ofMinutes(8);
    private static final Pattern REQUESTS = Pattern.compile("requests through the balancer: (\\d+), (\\d+) of them slow");
    private static final Pattern SERVED = Pattern.compile("served by version: (.*)");

    @TempDir
    Path work;

    private final Path demo = HoistProcesses.projectRoot().resolve("samples/blue-green/demo");
    private Path tmp;
    private int lbPort;

    @BeforeEach
    void prepare() throws IOException {
        tmp = Files.createDirectories(work.resolve("tmp"));
        lbPort = HoistProcesses.freePort();
    }

    @AfterEach
    void stopWhatIsLeft() throws Exception {
        // A failed run may have left its processes (with --keep, or when the deadline passed): the demo's own
        // stop ends them by the pids in its state dir.
        run(Duration.ofMinutes(1), "stop");
    }

    @Test
    void switchesBlueGreenWithoutAFailedRequestAndNeverServesTheBrokenV3() throws Exception {
        TrafficDeploymentIT.requireHaproxy();
        DebianPrograms.require(Files.isExecutable(Path.of("/usr/bin/curl")), "curl (apt-get install curl)",
                "the blue/green demo's test");

        Result result = run(DEMO_DEADLINE, "--keep");
        assertThat(result.exitCode()).as(result.output()).isZero();
        String output = result.output();
        assertThat(output).as("it reuses the reactor's jars").contains("Using the jars already built");
        assertThat(output).contains("failed requests: 0").contains("v3 served: never")
                .contains("the demo passed");
        Matcher requests = REQUESTS.matcher(output);
        assertThat(requests.find()).as(output).isTrue();
        assertThat(Long.parseLong(requests.group(1))).as("requests through the balancer").isGreaterThan(40);
        assertThat(Long.parseLong(requests.group(2))).as("slow requests, in flight across the switches").isPositive();
        Matcher served = SERVED.matcher(output);
        assertThat(served.find()).as(output).isTrue();
        assertThat(served.group(1)).as("versions served").contains("v1 ").contains("v2 ").doesNotContain("v3");
        assertThat(output).contains("blue set kept serving").contains("Still running (--keep)");

        assertThat(ourProcesses()).as("--keep leaves HAProxy, the controller, the agents and the apps running")
                .isNotEmpty();
        for (int i = 0; i < 4; i++) {
            assertThat(page()).contains("data-version=\"v2\"").contains("data-host=\"blue-");
        }

        Result stopped = run(Duration.ofMinutes(1), "stop");
        assertThat(stopped.exitCode()).as(stopped.output()).isZero();
        assertThat(stopped.output()).contains("stopping haproxy").contains("stopping controller")
                .contains("stopping agent-lb").contains("stopping app-blue-1");
        await("every process of the run has ended").atMost(Duration.ofSeconds(30))
                .until(() -> ourProcesses().isEmpty());
        assertThat(work.resolve("state")).as("its state dir is gone").doesNotExist();
    }

    @Test
    void saysWhatIsMissingAndStartsNothing() throws Exception {
        Result result = run(Duration.ofMinutes(1), Map.of("HOIST_DEMO_HAPROXY", work.resolve("no-haproxy").toString()));
        assertThat(result.exitCode()).as(result.output()).isEqualTo(2);
        assertThat(result.output()).contains("installs nothing").contains("haproxy (apt-get install haproxy)");
        assertThat(ourProcesses()).isEmpty();
    }

    private String page() throws IOException, InterruptedException {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + lbPort + "/")).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return response.body();
    }

    /** The processes whose command line names this test's temporary directory: what the demo started. */
    private List<String> ourProcesses() {
        String marker = tmp.toString();
        return ProcessHandle.allProcesses()
                .map(process -> process.info().commandLine().orElse(""))
                .filter(command -> command.contains(marker))
                .toList();
    }

    private Result run(Duration deadline, String... args) throws IOException, InterruptedException {
        return run(deadline, Map.of(), args);
    }

    private Result run(Duration deadline, Map<String, String> extraEnv, String... args)
            throws IOException, InterruptedException {
        Path out = Files.createTempFile(work, "demo", ".log");
        List<String> command = new ArrayList<>(List.of(demo.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(name -> name.startsWith("HOIST_"));
        // The JDK running the tests runs the demo's programs too; its files go under this test's directory.
        Map<String, String> settings = new HashMap<>(Map.of(
                "PATH", Path.of(System.getProperty("java.home"), "bin") + File.pathSeparator + System.getenv("PATH"),
                "TMPDIR", tmp.toString(),
                "HOIST_DEMO_STATE_DIR", work.resolve("state").toString(),
                "HOIST_DEMO_LB_PORT", String.valueOf(lbPort)));
        settings.putAll(extraEnv);
        env.putAll(settings);
        Process process = builder.start();
        if (!process.waitFor(deadline.toSeconds(), TimeUnit.SECONDS)) {
            process.destroy();
            process.waitFor(30, TimeUnit.SECONDS);
            process.destroyForcibly();
            throw new AssertionError("the demo did not finish within " + deadline + ":\n"
                    + Files.readString(out, StandardCharsets.UTF_8));
        }
        return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
    }

    private record Result(int exitCode, String output) {
    }
}
