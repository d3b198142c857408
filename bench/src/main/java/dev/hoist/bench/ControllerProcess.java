package dev.hoist.bench;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real controller process from {@code controller/target/hoist-controller.jar}, on its own data directory
 * and free loopback ports; killed with SIGKILL and started again on the same data and ports for the
 * storm. Its output goes to {@code controller-N.log} in the work directory.
 */
final class ControllerProcess implements AutoCloseable {
    private final Path jar;
    private final Path work;
    private final Path data;
    private final List<String> javaOptions;
    final int apiPort = freePort();
    final int adminPort = freePort();
    final int gatewayPort = freePort();
    private Process process;
    private int starts;
    /** More of the controller's YAML configuration (top-level sections), appended as is. */
    private String extraConfig = "";

    ControllerProcess(Path projectRoot, Path work, List<String> javaOptions) {
        this.jar = projectRoot.resolve("controller/target/hoist-controller.jar");
        this.work = work;
        this.data = work.resolve("data");
        this.javaOptions = javaOptions;
    }

    ControllerProcess extraConfig(String yaml) {
        this.extraConfig = yaml;
        return this;
    }

    String apiUrl() {
        return "http://127.0.0.1:" + apiPort;
    }

    String gateway() {
        return "127.0.0.1:" + gatewayPort;
    }

    long pid() {
        return process.pid();
    }

    Path log() {
        return work.resolve("controller-" + starts + ".log");
    }

    /** Starts it and returns once /healthcheck answers 200 (the seconds it took). */
    double start(Duration deadline) throws IOException, InterruptedException {
        Path config = work.resolve("controller.yml");
        Files.writeString(config, """
                server:
                  applicationConnectors:
                    - type: http
                      bindHost: 127.0.0.1
                      port: %d
                  adminConnectors:
                    - type: http
                      bindHost: 127.0.0.1
                      port: %d
                advertisedAddress: 127.0.0.1:%d
                gateway:
                  bindHost: 127.0.0.1
                  port: %d
                """.formatted(apiPort, adminPort, gatewayPort, gatewayPort) + extraConfig);
        starts++;
        List<String> command = new ArrayList<>(List.of(javaBin(), "-XX:+UseG1GC"));
        command.addAll(javaOptions);
        command.addAll(List.of("-jar", jar.toString(), "server", config.toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(log().toFile());
        builder.environment().put("HOIST_DATA_DIR", data.toString());
        long started = System.nanoTime();
        process = builder.start();
        long end = started + deadline.toNanos();
        while (!healthy()) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the controller exited with " + process.exitValue() + "; see " + log());
            }
            if (System.nanoTime() > end) {
                throw new IllegalStateException("the controller was not healthy within " + deadline + "; see " + log());
            }
            Thread.sleep(50);
        }
        return (System.nanoTime() - started) / 1e9;
    }

    private boolean healthy() {
        try {
            HttpURLConnection connection = (HttpURLConnection) URI.create("http://127.0.0.1:" + adminPort
                    + "/healthcheck").toURL().openConnection();
            connection.setConnectTimeout(1000);
            connection.setReadTimeout(2000);
            return connection.getResponseCode() == 200;
        } catch (IOException e) {
            return false;
        }
    }

    /** The count of the meter {@code name} in the admin port's /metrics, 0 when it has none yet. */
    long meterCount(String name) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) URI.create("http://127.0.0.1:" + adminPort + "/metrics")
                .toURL().openConnection();
        connection.setConnectTimeout(5000);
        connection.setReadTimeout(30_000);
        try (InputStream in = connection.getInputStream()) {
            return HoistApi.JSON.readTree(in).path("meters").path(name).path("count").asLong(0);
        }
    }

    String adminToken() throws IOException {
        return Files.readString(data.resolve("admin.token")).trim();
    }

    /** SIGKILL, and wait until it is gone. */
    void kill() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }

    /** Which TLS provider the gateway said it runs. */
    String tlsProvider() throws IOException {
        for (String line : Files.readAllLines(log())) {
            int at = line.indexOf("Gateway TLS: ");
            if (at >= 0) {
                return line.substring(at + "Gateway TLS: ".length()).replace(' ', '_');
            }
        }
        return "unknown";
    }

    @Override
    public void close() throws InterruptedException {
        kill();
    }

    static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free port", e);
        }
    }
}
