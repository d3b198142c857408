package dev.hoist.controller.e2e;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Starts Hoist's real programs from their shaded jars for end-to-end tests, and stops every one of
 * them at {@link #close()}. Output of long-running processes goes to files in the work directory.
 */
final class HoistProcesses implements AutoCloseable {
    private final Path projectRoot;
    private final Path work;
    private final List<Process> started = new ArrayList<>();
    private final HttpClient http = HttpClient.newHttpClient();

    HoistProcesses(Path work) {
        this.projectRoot = projectRoot();
        this.work = work;
    }

    static Path projectRoot() {
        String configured = System.getProperty("hoist.project.root");
        Path root = configured != null ? Path.of(configured) : Path.of("").toAbsolutePath().getParent();
        return root.toAbsolutePath().normalize();
    }

    Path jar(String module, String name) {
        Path jar = projectRoot.resolve(module).resolve("target").resolve(name);
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: run the tests with mvn verify, which packages first");
        }
        return jar;
    }

    /** Starts a long-running program; its output goes to {@code <work>/<logName>.log}. */
    Process start(String logName, Map<String, String> env, Path jar, String... args) {
        ProcessBuilder builder = new ProcessBuilder(command(jar, args))
                .redirectErrorStream(true)
                .redirectOutput(work.resolve(logName + ".log").toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        builder.environment().putAll(env);
        try {
            Process process = builder.start();
            started.add(process);
            return process;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Starts a controller on loopback with its data in {@code data} and its configuration written to
     * {@code config} (its three ports, then {@code extraYaml}: top-level sections), and waits until its
     * health check passes; its output goes to {@code <work>/<logName>.log}.
     */
    Process startController(String logName, Path jar, Path data, Path config, int apiPort, int adminPort,
            int gatewayPort, String extraYaml, Duration healthyWithin) throws IOException {
        writeControllerConfig(config, apiPort, adminPort, gatewayPort, extraYaml);
        Process controller = start(logName, Map.of("HOIST_DATA_DIR", data.toString()), jar, "server",
                config.toString());
        URI health = URI.create("http://127.0.0.1:" + adminPort + "/healthcheck");
        await("controller healthy (see " + logName + ".log)").atMost(healthyWithin)
                .pollInterval(Duration.ofMillis(250))
                .ignoreExceptions()
                .until(() -> http.send(HttpRequest.newBuilder(health).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200);
        return controller;
    }

    /**
     * Runs a controller as {@link #startController} would, expecting it to refuse to start: its result once
     * it exited (an {@link AssertionError} if it still runs after {@code timeout}).
     */
    Result runControllerToExit(Path jar, Path data, Path config, int apiPort, int adminPort, int gatewayPort,
            String extraYaml, Duration timeout) throws IOException {
        writeControllerConfig(config, apiPort, adminPort, gatewayPort, extraYaml);
        return run(timeout, Map.of("HOIST_DATA_DIR", data.toString()), jar, "server", config.toString());
    }

    private static void writeControllerConfig(Path config, int apiPort, int adminPort, int gatewayPort,
            String extraYaml) throws IOException {
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
                gateway:
                  bindHost: 127.0.0.1
                  port: %d
                """.formatted(apiPort, adminPort, gatewayPort) + extraYaml);
    }

    /** Runs a short program to completion (bounded by {@code timeout}) and returns its result. */
    Result run(Duration timeout, Map<String, String> env, Path jar, String... args) {
        try {
            Path out = Files.createTempFile(work, "out", ".txt");
            Path err = Files.createTempFile(work, "err", ".txt");
            ProcessBuilder builder = new ProcessBuilder(command(jar, args))
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            builder.environment().putAll(env);
            Process process = builder.start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(String.join(" ", args) + " did not finish within " + timeout);
            }
            return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    String log(String logName) {
        try {
            Path file = work.resolve(logName + ".log");
            return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void awaitExit(Process process, Duration deadline) {
        await().atMost(deadline).until(() -> !process.isAlive());
    }

    private static List<String> command(Path jar, String... args) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-jar", jar.toString()));
        command.addAll(List.of(args));
        return command;
    }

    @Override
    public void close() {
        for (Process process : started) {
            process.destroy();
        }
        for (Process process : started) {
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }
    }

    record Result(int exitCode, String stdout, String stderr) {
        String all() {
            return "exit " + exitCode + "\nstdout:\n" + stdout + "\nstderr:\n" + stderr;
        }
    }
}
