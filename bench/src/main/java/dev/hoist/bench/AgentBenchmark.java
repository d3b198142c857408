package dev.hoist.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The {@code agent} benchmark: one real agent process ({@code scripts/hoist-agent run}, with the JVM
 * settings users get) connected to a real controller: its RSS and CPU while idle, after a warm-up; and
 * the wall time of {@code scripts/hoist-agent local} for a trivial bundle, JVM start included.
 */
final class AgentBenchmark {
    private final Path root;
    private final Path work;
    private final Map<String, String> options;

    AgentBenchmark(Path root, Path work, Map<String, String> options) {
        this.root = root;
        this.work = work;
        this.options = options;
    }

    String run() throws Exception {
        int warmup = Integer.parseInt(options.getOrDefault("warmup-s", "60"));
        int measure = Integer.parseInt(options.getOrDefault("measure-s", "60"));
        Path agentState = work.resolve("agent-state");
        double rssMb;
        double cpuPercent;
        try (ControllerProcess controller = new ControllerProcess(root, Files.createDirectories(work.resolve("controller")),
                List.of("-Xmx512m"))) {
            controller.start(Duration.ofSeconds(120));
            HoistApi api = new HoistApi(controller.apiUrl(), controller.adminToken());
            JsonNode token = api.post("/join-tokens", Map.of("tags", Map.of("role", "bench")));
            Process enroll = new ProcessBuilder(root.resolve("scripts/hoist-agent").toString(), "enroll",
                    "--controller", controller.gateway(), "--token", token.get("token").asText(), "--ca-pin",
                    token.get("caPin").asText(), "--state-dir", agentState.toString())
                    .redirectErrorStream(true).redirectOutput(work.resolve("enroll.log").toFile()).start();
            if (!enroll.waitFor(60, TimeUnit.SECONDS) || enroll.exitValue() != 0) {
                enroll.destroyForcibly();
                throw new IllegalStateException("enroll failed: " + Files.readString(work.resolve("enroll.log")));
            }
            Process agent = new ProcessBuilder(root.resolve("scripts/hoist-agent").toString(), "run", "--state-dir",
                    agentState.toString()).redirectErrorStream(true).redirectOutput(work.resolve("agent.log").toFile())
                    .start();
            try {
                long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while (api.get("/agents?state=Connected").size() < 1) {
                    if (System.nanoTime() > end || !agent.isAlive()) {
                        throw new IllegalStateException("the agent did not connect: "
                                + Files.readString(work.resolve("agent.log")));
                    }
                    Thread.sleep(100);
                }
                BenchMain.log("agent connected; warming up %d s, then measuring %d s", warmup, measure);
                Thread.sleep(warmup * 1000L);
                long ticks = JvmProbe.cpuTicks(agent.pid());
                long started = System.nanoTime();
                Thread.sleep(measure * 1000L);
                long used = JvmProbe.cpuTicks(agent.pid()) - ticks;
                double seconds = (System.nanoTime() - started) / 1e9;
                cpuPercent = used / seconds; // ticks are 10 ms: ticks per second = percent of one core
                rssMb = JvmProbe.rssKb(agent.pid()) / 1024.0;
                BenchMain.log("idle agent: %d ticks in %.0f s = %.2f%% of a core, RSS %.1f MB", used, seconds,
                        cpuPercent, rssMb);
            } finally {
                agent.destroy();
                if (!agent.waitFor(15, TimeUnit.SECONDS)) {
                    agent.destroyForcibly();
                }
            }
        }
        Path bundle = work.resolve("bundle.tgz");
        Files.write(bundle, BenchMain.bundle());
        List<Double> walls = new ArrayList<>();
        for (int run = 0; run < 6; run++) {
            Path deployments = work.resolve("local-" + run);
            long started = System.nanoTime();
            Process local = new ProcessBuilder(root.resolve("scripts/hoist-agent").toString(), "local", "--bundle",
                    bundle.toString(), "--deployment-root", deployments.toString())
                    .redirectErrorStream(true).redirectOutput(work.resolve("local.log").toFile()).start();
            if (!local.waitFor(60, TimeUnit.SECONDS) || local.exitValue() != 0) {
                local.destroyForcibly();
                throw new IllegalStateException("hoist-agent local failed: " + Files.readString(work.resolve("local.log")));
            }
            double wall = (System.nanoTime() - started) / 1e9;
            BenchMain.log("hoist-agent local %s: %.2f s", run == 0 ? "warm-up" : "run " + run, wall);
            if (run > 0) {
                walls.add(wall);
            }
        }
        return String.format(Locale.ROOT, "RESULT agent idle_rss_mb=%.1f idle_cpu_pct=%.3f local_s=%.2f "
                + "warmup_s=%d measure_s=%d", rssMb, cpuPercent, BenchMain.median(walls), warmup, measure);
    }

}
