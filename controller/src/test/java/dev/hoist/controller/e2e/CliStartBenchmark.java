package dev.hoist.controller.e2e;

import static dev.hoist.controller.e2e.BenchmarkRuns.deleteTree;
import static dev.hoist.controller.e2e.BenchmarkRuns.median;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * The {@code cli} benchmark of issue 20: how long {@code hoist} takes to start, next to a Java hello world
 * built here and started with the same JVM flags as {@code scripts/hoist}, and the wall time of a one-host
 * {@code hoist deploy --wait} of a revision the agent has cached. Every {@code hoist} runs through
 * {@code scripts/hoist}, as a user runs it (with the build's class-data-sharing archive when there is one).
 * Not a test: run it with {@code scripts/bench/run.sh cli}.
 *
 * <p>Prints one line per run and, last, {@code RESULT cli version_s=<median> hello_s=<median>
 * ratio=<version/hello> deploy_one_s=<median> runs=N}.
 */
public final class CliStartBenchmark {
    private static final int WARMUP = 3;
    private static final int RUNS = 9;
    /** The flags scripts/hoist passes, before its CDS archive. */
    private static final List<String> LAUNCHER_FLAGS = List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
            "-Xshare:auto");

    private CliStartBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(System.getProperty("hoist.project.root")).toAbsolutePath();
        Path hoist = root.resolve("scripts/hoist");
        Path work = Files.createTempDirectory("hoist-bench-cli");
        try (HoistCluster cluster = new HoistCluster(work)) {
            Path hello = buildHelloWorld(work.resolve("hello"));
            List<String> helloCommand = new ArrayList<>();
            helloCommand.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            helloCommand.addAll(LAUNCHER_FLAGS);
            helloCommand.addAll(List.of("-cp", hello.toString(), "Hello"));

            cluster.startController();
            cluster.addAgents(List.of("bench-1"), "role=bench");
            HoistCluster.assertSucceeded(cluster.cli("app", "create", "bench"));
            FleetDeploymentIT.push(cluster, "bench", TestBundle.version("v1"));
            HoistCluster.assertSucceeded(cluster.cli("group", "create", "--app", "bench", "--name", "one",
                    "--tag", "role=bench"));
            Map<String, String> env = Map.of("HOIST_URL", cluster.apiUrl(), "HOIST_TOKEN",
                    Files.readString(cluster.dataDir().resolve("admin.token")).trim(), "XDG_CONFIG_HOME",
                    work.resolve("config").toString());
            List<String> version = List.of(hoist.toString(), "--version");
            List<String> deploy = List.of(hoist.toString(), "deploy", "--app", "bench", "--group", "one", "--wait",
                    "-q");

            List<Long> versionNs = new ArrayList<>();
            List<Long> helloNs = new ArrayList<>();
            List<Long> deployNs = new ArrayList<>();
            for (int run = 0; run < WARMUP + RUNS; run++) {
                long helloRun = time(helloCommand, env, "hello");
                long versionRun = time(version, env, "hoist ");
                long deployRun = time(deploy, env, "d-");
                boolean measured = run >= WARMUP;
                System.out.printf("%s %d: hoist --version %.3f s, hello world %.3f s, deploy --wait (one host) %.3f s%n",
                        measured ? "run" : "warm-up", run + 1, seconds(versionRun), seconds(helloRun),
                        seconds(deployRun));
                if (measured) {
                    versionNs.add(versionRun);
                    helloNs.add(helloRun);
                    deployNs.add(deployRun);
                }
            }
            double versionS = seconds(median(versionNs));
            double helloS = seconds(median(helloNs));
            System.out.printf("RESULT cli version_s=%.3f hello_s=%.3f ratio=%.2f deploy_one_s=%.3f runs=%d%n", versionS,
                    helloS, versionS / helloS, seconds(median(deployNs)), RUNS);
        } finally {
            deleteTree(work);
        }
    }

    /** Compiles a hello world with this JVM's compiler; returns its class directory. */
    private static Path buildHelloWorld(Path dir) throws IOException {
        Files.createDirectories(dir);
        Path source = dir.resolve("Hello.java");
        Files.writeString(source, "public class Hello { public static void main(String[] args) { "
                + "System.out.println(\"hello\"); } }\n");
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        if (javac == null || javac.run(null, null, null, "-d", dir.toString(), source.toString()) != 0) {
            throw new IllegalStateException("cannot compile the hello world with this JVM (a JDK is needed)");
        }
        return dir;
    }

    /** Runs {@code command} to its end; its wall time in ns. Fails unless it exits 0 printing {@code expected}. */
    private static long time(List<String> command, Map<String, String> env, String expected) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        builder.environment().putAll(env);
        long started = System.nanoTime();
        Process process = builder.start();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(2, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IllegalStateException(command + " did not end within 2 minutes");
        }
        long elapsed = System.nanoTime() - started;
        String text = new String(output, StandardCharsets.UTF_8);
        if (process.exitValue() != 0 || !text.contains(expected)) {
            throw new IllegalStateException(command + " exited " + process.exitValue() + ": " + text);
        }
        return elapsed;
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }
}
