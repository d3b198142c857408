package dev.hoist.agent.traffic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A real HAProxy (Debian's package) started by a test on loopback ports with a generated configuration,
 * its runtime API on a UNIX socket and on a loopback TCP port. Skipped outside CI when haproxy is not
 * installed; in CI (.ci/run installs it) a missing haproxy fails the test.
 */
final class Haproxy implements AutoCloseable {
    static final Path BINARY = Path.of("/usr/sbin/haproxy");

    private final Process process;
    private final Path socket;
    private final int adminPort;
    private final int frontendPort;
    private final ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor();

    static void requireHaproxy() {
        boolean present = Files.isExecutable(BINARY);
        String install = "Debian's haproxy at " + BINARY + " (apt-get install haproxy; .ci/run does it)";
        if ("true".equals(System.getenv("CI"))) {
            assertThat(present).as(install).isTrue();
        } else {
            Assumptions.assumeTrue(present, "load balancer tests skipped: they need " + install);
        }
    }

    /**
     * Starts HAProxy with one frontend on a free loopback port and {@code backends}, a configuration
     * fragment of {@code backend} sections (servers with {@code check}).
     */
    Haproxy(Path dir, String backends, String defaultBackend) throws IOException {
        requireHaproxy();
        socket = dir.resolve("admin.sock");
        adminPort = freePort();
        frontendPort = freePort();
        Path config = dir.resolve("haproxy.cfg");
        Files.writeString(config, """
                global
                    stats socket %s mode 600 level admin
                    stats socket 127.0.0.1:%d level admin
                defaults
                    mode http
                    timeout connect 2s
                    timeout client 30s
                    timeout server 30s
                frontend web
                    bind 127.0.0.1:%d
                    default_backend %s
                """.formatted(socket, adminPort, frontendPort, defaultBackend) + backends);
        process = new ProcessBuilder(BINARY.toString(), "-f", config.toString()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("haproxy.log").toFile()).start();
        HaproxyRuntime runtime = runtime();
        await("haproxy's runtime API answers").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                .ignoreExceptions().until(() -> !runtime.servers().isEmpty());
    }

    HaproxyRuntime runtime() {
        return new HaproxyRuntime(socket.toString(), watchdog, Duration.ofSeconds(5));
    }

    Path socket() {
        return socket;
    }

    int adminPort() {
        return adminPort;
    }

    int frontendPort() {
        return frontendPort;
    }

    static int freePort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0)) {
            return probe.getLocalPort();
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
        watchdog.shutdownNow();
    }
}
