package dev.hoist.controller.e2e;

import static dev.hoist.controller.e2e.BenchmarkRuns.deleteTree;
import static dev.hoist.controller.e2e.BenchmarkRuns.median;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code single} benchmark of performance.md: one real agent connected to a real controller, a
 * trivial bundle, and the wall time of {@code hoist deploy --wait} as a user runs it (a new CLI process,
 * JVM start included). Its raw baseline, measured in the same run, is the CLI process doing nothing
 * but start and print its version. Not a test: run it with {@code scripts/bench-single}.
 *
 * <p>Prints one line per run and, last, {@code RESULT single wall_ms=<median> server_ms=<median>
 * cli_start_ms=<median> runs=N}; {@code server_ms} is the deployment's own createdAt to endedAt.
 */
public final class SingleDeployBenchmark {
    private static final int WARMUP = 3;
    private static final int RUNS = 7;

    private SingleDeployBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path work = Files.createTempDirectory("hoist-bench-single");
        try (HoistCluster cluster = new HoistCluster(work)) {
            cluster.startController();
            cluster.addAgents(List.of("bench-1"), "role=bench");
            HoistCluster.assertSucceeded(cluster.cli("app", "create", "bench"));
            FleetDeploymentIT.push(cluster, "bench", TestBundle.version("v1"));
            HoistCluster.assertSucceeded(cluster.cli("group", "create", "--app", "bench", "--name", "single",
                    "--tag", "role=bench"));

            List<Long> cliStart = new ArrayList<>();
            List<Long> wall = new ArrayList<>();
            List<Long> server = new ArrayList<>();
            for (int run = 0; run < WARMUP + RUNS; run++) {
                long started = System.nanoTime();
                HoistCluster.assertSucceeded(cluster.cli("--version"));
                long startMs = (System.nanoTime() - started) / 1_000_000;

                started = System.nanoTime();
                HoistProcesses.Result deploy = cluster.cli(Duration.ofMinutes(2), "deploy", "--app", "bench",
                        "--group", "single", "--wait", "--output", "json");
                long wallMs = (System.nanoTime() - started) / 1_000_000;
                HoistCluster.assertSucceeded(deploy);
                JsonNode deployment = HoistCluster.json(deploy);
                long serverMs = Duration.between(Instant.parse(deployment.get("createdAt").asText()),
                        Instant.parse(deployment.get("endedAt").asText())).toMillis();
                boolean measured = run >= WARMUP;
                System.out.printf("%s %d: deploy --wait %d ms (deployment %s: %d ms on the controller), "
                        + "hoist --version %d ms%n", measured ? "run" : "warm-up", run + 1, wallMs,
                        deployment.get("id").asText(), serverMs, startMs);
                if (measured) {
                    wall.add(wallMs);
                    server.add(serverMs);
                    cliStart.add(startMs);
                }
            }
            if (System.getenv("HOIST_BENCH_TIMELINE") != null) {
                HoistProcesses.Result last = cluster.cli("deployment", "list", "--output", "json");
                String id = HoistCluster.json(last).get(0).get("id").asText();
                System.out.println(cluster.cli("deployment", "get", id, "--output", "json").stdout());
            }
            System.out.printf("RESULT single wall_ms=%d server_ms=%d cli_start_ms=%d runs=%d%n", median(wall),
                    median(server), median(cliStart), RUNS);
        } finally {
            deleteTree(work);
        }
    }
}
