package dev.hoist.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.logging.Level;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;

/**
 * The benchmark programs of performance.md that need a swarm: {@code fanout}, {@code idle}, {@code storm} and
 * {@code enroll}, plus {@code agent} (one real agent process). Run by {@code scripts/bench/run.sh NAME
 * [--agents N] [--runs R] ...}. Each starts what it needs, runs its raw baseline in the same run, stops
 * everything it started, and prints as its last line {@code RESULT <name> key=value ...}.
 */
public final class BenchMain {
    /** Kept so the JUL configuration is not collected. */
    private static final java.util.logging.Logger AGENT_LOGGER = java.util.logging.Logger.getLogger("dev.hoist.agent");

    final Map<String, String> options;
    final Path projectRoot;
    final Path work;
    final int agentCount;
    /** The hooks of the latest swarm, whose counters the rolling and bundle benchmarks read. */
    SimulatedHooks hooks;

    private BenchMain(String name, Map<String, String> options) throws IOException {
        this.options = options;
        this.projectRoot = Path.of(option("root", System.getProperty("user.dir"))).toAbsolutePath();
        Path shm = Path.of("/dev/shm");
        this.work = Files.createTempDirectory(Files.isWritable(shm) ? shm : Path.of(System.getProperty("java.io.tmpdir")),
                "hoist-bench-");
        String agents = switch (name) {
            case "rolling" -> "100";
            case "bundle" -> "50";
            default -> "1000";
        };
        this.agentCount = Integer.parseInt(option("agents", agents));
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            System.err.println("usage: BenchMain fanout|idle|storm|enroll|agent [--agents N] [--runs R] ...");
            System.exit(2);
        }
        Map<String, String> options = new HashMap<>();
        for (int i = 1; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                System.err.println("options are --name value pairs: " + args[i]);
                System.exit(2);
            }
            options.put(args[i].substring(2), args[++i]);
        }
        java.util.logging.Logger.getLogger("").setLevel(Level.WARNING);
        for (java.util.logging.Handler handler : java.util.logging.Logger.getLogger("").getHandlers()) {
            handler.setLevel(Level.WARNING);
        }
        AGENT_LOGGER.setLevel(Level.parse(options.getOrDefault("agent-log-level", "SEVERE")));
        BenchMain bench = new BenchMain(args[0], options);
        String result;
        try {
            result = runOne(bench, args[0], options);
        } catch (Exception | Error e) {
            e.printStackTrace();
            result = "RESULT " + args[0] + " failed=\"" + String.valueOf(e.getMessage()).replace('"', '\'')
                    .replaceAll("\\s+", " ") + "\" disconnects=" + SwarmAgent.DISCONNECTS.get();
        }
        System.out.println(result);
        System.exit(0);
    }

    private static String runOne(BenchMain bench, String name, Map<String, String> options) throws Exception {
        String result;
        try {
            result = switch (name) {
                case "fanout" -> bench.fanout();
                case "idle" -> bench.idle();
                case "storm" -> bench.storm();
                case "enroll" -> bench.enroll();
                case "rolling" -> new RollingBenchmark(bench).run();
                case "bundle" -> new BundleBenchmark(bench).run();
                case "agent" -> new AgentBenchmark(bench.projectRoot, bench.work, bench.options).run();
                default -> throw new IllegalArgumentException("no benchmark " + name);
            };
        } finally {
            if (!"true".equals(options.get("keep"))) {
                deleteTree(bench.work);
            } else {
                System.out.println("kept " + bench.work);
            }
        }
        return result;
    }

    String option(String name, String otherwise) {
        return options.getOrDefault(name, otherwise);
    }

    int intOption(String name, int otherwise) {
        return Integer.parseInt(option(name, String.valueOf(otherwise)));
    }

    private List<String> controllerOptions() {
        String opts = option("controller-opts", System.getenv().getOrDefault("HOIST_BENCH_CONTROLLER_OPTS", "-Xmx1g"));
        return opts.isBlank() ? List.of() : List.of(opts.trim().split("\\s+"));
    }

    private Swarm newSwarm(String dir) {
        hooks = new SimulatedHooks(Duration.ofMillis(intOption("hook-delay-ms", 0)),
                Double.parseDouble(option("failure-rate", "0")), intOption("lines", 2));
        return new Swarm(work.resolve(dir), intOption("io-threads", 2), intOption("run-threads", 16), hooks);
    }

    /** A controller process (not started) in {@code <work>/<dir>}, with {@code extraConfig} appended to its YAML. */
    ControllerProcess newController(String dir, String extraConfig) throws IOException {
        return new ControllerProcess(projectRoot, Files.createDirectories(work.resolve(dir)), controllerOptions())
                .extraConfig(extraConfig);
    }

    /** A controller, a swarm enrolled with it and connected. */
    record Fleet(ControllerProcess controller, HoistApi api, Swarm swarm, double enrollSeconds,
            double connectSeconds) implements AutoCloseable {
        @Override
        public void close() throws InterruptedException {
            swarm.close();
            controller.close();
        }
    }

    private Fleet fleet(boolean connect) throws Exception {
        return fleet(connect, newController("controller", ""), "swarm", 1);
    }

    /**
     * Starts {@code controller}, enrolls {@code agentCount} swarm agents under {@code <work>/<swarmDir>}, all tagged
     * {@code role=bench} and, when {@code batches} is more than one, split evenly into batches tagged
     * {@code batch=b0}, {@code batch=b1}, ...; connects them when {@code connect}.
     */
    Fleet fleet(boolean connect, ControllerProcess controller, String swarmDir, int batches) throws Exception {
        Swarm swarm = newSwarm(swarmDir);
        try {
            controller.start(Duration.ofSeconds(120));
            HoistApi api = new HoistApi(controller.apiUrl(), controller.adminToken());
            List<Swarm.Enrolled> enrolled = new ArrayList<>();
            long started = System.nanoTime();
            for (int batch = 0; batch < batches; batch++) {
                Map<String, String> tags = batches == 1 ? Map.of("role", "bench")
                        : Map.of("role", "bench", "batch", "b" + batch);
                int inBatch = agentCount / batches + (batch < agentCount % batches ? 1 : 0);
                for (int left = inBatch; left > 0; left -= 10_000) {
                    int uses = Math.min(left, 10_000);
                    JsonNode token = api.post("/join-tokens", Map.of("tags", tags, "ttl", "2h", "uses", uses,
                            "allowTagKeys", List.of(Swarm.TAG_KEY)));
                    enrolled.addAll(swarm.enroll(uses, controller.gateway(), token.get("token").asText(),
                            token.get("caPin").asText(), intOption("enroll-concurrency", 16), Duration.ofMinutes(30)));
                }
            }
            double enrollSeconds = (System.nanoTime() - started) / 1e9;
            log("enrolled %d agents in %.1f s (%.0f/s)", agentCount, enrollSeconds, agentCount / enrollSeconds);
            swarm.assemble(enrolled);
            double connectSeconds = 0;
            if (connect) {
                started = System.nanoTime();
                swarm.connectAll(intOption("in-flight", 200), Duration.ofMinutes(10));
                connectSeconds = (System.nanoTime() - started) / 1e9;
                log("connected %d agents in %.1f s", agentCount, connectSeconds);
            }
            return new Fleet(controller, api, swarm, enrollSeconds, connectSeconds);
        } catch (Exception | Error e) {
            swarm.close();
            controller.close();
            throw e;
        }
    }

    // ---------------------------------------------------------------- fanout

    private String fanout() throws Exception {
        int runs = intOption("runs", 3);
        List<Double> hoist = new ArrayList<>();
        List<Double> acked = new ArrayList<>();
        List<Double> server = new ArrayList<>();
        List<Double> dispatchP99 = new ArrayList<>();
        List<Double> dispatchP50 = new ArrayList<>();
        List<Double> posts = new ArrayList<>();
        double first;
        double messagesUp;
        String tls;
        long heapKb;
        long disconnects;
        try (Fleet fleet = fleet(true)) {
            tls = fleet.controller().tlsProvider();
            HoistApi api = fleet.api();
            api.post("/applications", Map.of("name", "bench"));
            api.postBytes("/applications/bench/revisions?description=bench", "application/gzip", bundle());
            api.post("/applications/bench/deployment-groups", Map.of("name", "fleet",
                    "tagSet", List.of(List.of("role=bench")), "config", "AllAtOnce"));
            Deployment warm = deploy(fleet, "first (agents download the bundle)");
            first = warm.seconds;
            messagesUp = warm.messagesUp;
            String jfr = options.get("jfr");
            if (jfr != null) {
                JvmProbe.jcmd(fleet.controller().pid(), "JFR.start", "name=bench", "settings=profile");
            }
            for (int run = 0; run < runs; run++) {
                Deployment measured = deploy(fleet, "run " + (run + 1));
                hoist.add(measured.seconds);
                acked.add(measured.ackedSeconds);
                server.add(measured.serverSeconds);
                dispatchP99.add(measured.dispatchP99Ms);
                dispatchP50.add(measured.dispatchP50Ms);
                posts.add(measured.postMs);
                messagesUp = measured.messagesUp;
            }
            if (jfr != null) {
                JvmProbe.jcmd(fleet.controller().pid(), "JFR.dump", "name=bench",
                        "filename=" + Path.of(jfr).toAbsolutePath());
                log("controller profile of the measured runs: %s", Path.of(jfr).toAbsolutePath());
            }
            heapKb = JvmProbe.heapAfterGcKb(fleet.controller().pid());
            disconnects = SwarmAgent.DISCONNECTS.get();
        }
        // The raw baseline: the same connections, one command down, the same number of messages up.
        List<Double> raw = new ArrayList<>();
        List<Double> rawP99 = new ArrayList<>();
        Path tlsDir = work.resolve("raw-tls");
        RawTls.create(tlsDir);
        try (RawServerProcess server2 = new RawServerProcess(tlsDir);
                RawClients clients = new RawClients(RawTls.client(tlsDir), server2.port, agentCount,
                        intOption("io-threads", 2))) {
            server2.start();
            clients.messagesUp((int) Math.round(messagesUp));
            clients.connectAll(intOption("in-flight", 200), Duration.ofMinutes(10));
            for (int run = -2; run < runs + 1; run++) {
                clients.reset();
                long t0 = System.nanoTime();
                server2.send();
                long end = t0 + Duration.ofMinutes(2).toNanos();
                while (count(clients.acknowledgedAt) < agentCount) {
                    if (System.nanoTime() > end) {
                        throw new IllegalStateException("raw: not every ack came back");
                    }
                    Thread.sleep(1);
                }
                double seconds = (max(clients.acknowledgedAt) - t0) / 1e9;
                double p99 = percentile(clients.commandAt, t0, 0.99);
                log("raw %s: every ack back in %.3f s, dispatch p99 %.0f ms", run <= 0 ? "warm-up" : "run " + run,
                        seconds, p99);
                if (run > 0) {
                    raw.add(seconds);
                    rawP99.add(p99);
                }
            }
        }
        double hoistS = median(hoist);
        double rawS = median(raw);
        return String.format(Locale.ROOT, "RESULT fanout agents=%d hoist_s=%.3f raw_s=%.3f ratio=%.1f "
                        + "dispatch_p99_ms=%.0f dispatch_p50_ms=%.0f raw_dispatch_p99_ms=%.0f post_ms=%.0f "
                        + "acked_s=%.3f server_s=%.3f first_s=%.3f messages_up=%.1f heap_after_gc_mb=%.0f runs=%d disconnects=%d tls=%s",
                agentCount, hoistS, rawS, hoistS / rawS, median(dispatchP99), median(dispatchP50), median(rawP99),
                median(posts), median(acked), median(server), first, messagesUp, heapKb / 1024.0, runs,
                disconnects, tls);
    }

    record Deployment(double seconds, double ackedSeconds, double serverSeconds, double dispatchP50Ms,
            double dispatchP99Ms, double postMs, double messagesUp) {
    }

    /**
     * Creates a deployment of the newest revision to group {@code fleet} and waits for its end on the live stream
     * (one connection, where polling the API cost the controller more CPU than a rolling deployment itself).
     */
    Deployment deploy(Fleet fleet, String label) throws Exception {
        List<SwarmAgent> agents = fleet.swarm().agents();
        agents.forEach(SwarmAgent::resetCounters);
        JsonNode deployment;
        long t0;
        double postMs;
        String id;
        double seconds;
        try (DeploymentWatch watch = fleet.api().watch("bench")) {
            t0 = System.nanoTime();
            JsonNode created = fleet.api().post("/deployments", Map.of("application", "bench", "group", "fleet",
                    "revision", "latest"));
            postMs = (System.nanoTime() - t0) / 1e6;
            id = created.get("id").asText();
            deployment = watch.awaitEnd(id, t0 + Duration.ofMinutes(10).toNanos());
            seconds = (System.nanoTime() - t0) / 1e9;
        }
        if (!deployment.get("status").asText().equals("Succeeded") && option("failure-rate", "0").equals("0")) {
            throw new IllegalStateException("deployment " + id + " ended " + deployment);
        }
        long[] commandAt = agents.stream().mapToLong(a -> a.commandAt).toArray();
        long[] ackedAt = agents.stream().mapToLong(a -> a.acknowledgedAt).toArray();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (count(ackedAt) < agents.size() && System.nanoTime() < deadline) {
            Thread.sleep(10);
            ackedAt = agents.stream().mapToLong(a -> a.acknowledgedAt).toArray();
        }
        double acked = (max(ackedAt) - t0) / 1e9;
        double serverSeconds = Duration.between(java.time.Instant.parse(deployment.get("createdAt").asText()),
                java.time.Instant.parse(deployment.get("endedAt").asText())).toMillis() / 1e3;
        double up = agents.stream().mapToInt(a -> a.sent).average().orElse(0);
        Deployment result = new Deployment(seconds, acked, serverSeconds, percentile(commandAt, t0, 0.50),
                percentile(commandAt, t0, 0.99), postMs, up);
        log("%s: %s %s in %.3f s (last ack %.3f s, on the controller %.3f s); POST %.0f ms; dispatch p50 %.0f ms, "
                + "p99 %.0f ms, max %.0f ms; %.1f messages up per agent", label, id, deployment.get("status").asText(),
                seconds, acked, serverSeconds, postMs, result.dispatchP50Ms, result.dispatchP99Ms,
                percentile(commandAt, t0, 1.0), up);
        return result;
    }

    /** A trivial bundle: an AppSpec with four hooks (simulated on the swarm) and their scripts. */
    static byte[] bundle() throws IOException {
        String appspec = """
                version: 0.0
                os: linux
                hooks:
                  BeforeInstall:
                    - location: scripts/hook.sh
                  AfterInstall:
                    - location: scripts/hook.sh
                  ApplicationStart:
                    - location: scripts/hook.sh
                  ValidateService:
                    - location: scripts/hook.sh
                """;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(bytes))) {
            add(tar, "appspec.yml", appspec, 0644);
            add(tar, "scripts/hook.sh", "#!/bin/sh\necho \"$LIFECYCLE_EVENT on $(hostname)\"\n", 0755);
        }
        return bytes.toByteArray();
    }

    static void add(TarArchiveOutputStream tar, String name, String content, int mode) throws IOException {
        byte[] data = content.getBytes(StandardCharsets.UTF_8);
        TarArchiveEntry entry = new TarArchiveEntry(name);
        entry.setSize(data.length);
        entry.setMode(mode);
        tar.putArchiveEntry(entry);
        tar.write(data);
        tar.closeArchiveEntry();
    }

    // ---------------------------------------------------------------- idle

    private String idle() throws Exception {
        long emptyHeap;
        long emptyRss;
        long fullHeap;
        long fullRss;
        String tls;
        try (Fleet fleet = fleet(false)) {
            long pid = fleet.controller().pid();
            tls = fleet.controller().tlsProvider();
            Thread.sleep(3000);
            emptyHeap = JvmProbe.heapAfterGcKb(pid);
            emptyRss = JvmProbe.rssKb(pid);
            fleet.swarm().connectAll(intOption("in-flight", 200), Duration.ofMinutes(10));
            Thread.sleep(intOption("settle-s", 20) * 1000L);
            fullHeap = JvmProbe.heapAfterGcKb(pid);
            fullRss = JvmProbe.rssKb(pid);
            log("controller: heap after GC %d KB -> %d KB, RSS %d KB -> %d KB with %d agents", emptyHeap, fullHeap,
                    emptyRss, fullRss, agentCount);
        }
        Path tlsDir = work.resolve("raw-tls");
        RawTls.create(tlsDir);
        long rawEmptyHeap;
        long rawEmptyRss;
        long rawFullHeap;
        long rawFullRss;
        try (RawServerProcess server = new RawServerProcess(tlsDir);
                RawClients clients = new RawClients(RawTls.client(tlsDir), server.port, agentCount,
                        intOption("io-threads", 2))) {
            server.start();
            Thread.sleep(3000);
            rawEmptyHeap = JvmProbe.heapAfterGcKb(server.pid());
            rawEmptyRss = JvmProbe.rssKb(server.pid());
            clients.connectAll(intOption("in-flight", 200), Duration.ofMinutes(10));
            Thread.sleep(intOption("settle-s", 20) * 1000L);
            rawFullHeap = JvmProbe.heapAfterGcKb(server.pid());
            rawFullRss = JvmProbe.rssKb(server.pid());
            log("raw server: heap after GC %d KB -> %d KB, RSS %d KB -> %d KB with %d connections", rawEmptyHeap,
                    rawFullHeap, rawEmptyRss, rawFullRss, agentCount);
        }
        double heapPer = (fullHeap - emptyHeap) / (double) agentCount;
        double rssPer = (fullRss - emptyRss) / (double) agentCount;
        double rawHeapPer = (rawFullHeap - rawEmptyHeap) / (double) agentCount;
        double rawRssPer = (rawFullRss - rawEmptyRss) / (double) agentCount;
        return String.format(Locale.ROOT, "RESULT idle agents=%d heap_kb_per_agent=%.2f raw_heap_kb_per_conn=%.2f "
                        + "ratio=%.2f rss_kb_per_agent=%.1f raw_rss_kb_per_conn=%.1f rss_ratio=%.2f "
                        + "heap_after_gc_mb=%.0f rss_mb=%.0f tls=%s",
                agentCount, heapPer, rawHeapPer, heapPer / rawHeapPer, rssPer, rawRssPer, rssPer / rawRssPer,
                fullHeap / 1024.0, fullRss / 1024.0, tls);
    }

    // ---------------------------------------------------------------- storm

    private String storm() throws Exception {
        double restart;
        double hoistS;
        int timeouts;
        String tls;
        try (Fleet fleet = fleet(true)) {
            Thread.sleep(intOption("settle-s", 10) * 1000L);
            fleet.controller().kill();
            long t0 = System.nanoTime();
            restart = fleet.controller().start(Duration.ofSeconds(120));
            log("controller restarted and healthy %.1f s after the kill", restart);
            long end = t0 + Duration.ofMinutes(10).toNanos();
            fleet.swarm().awaitConnected(agentCount, Duration.ofMinutes(10), end);
            hoistS = (System.nanoTime() - t0) / 1e9;
            tls = fleet.controller().tlsProvider();
            timeouts = countLines(fleet.controller().log(), "handshake timed out");
            log("all %d agents connected again %.1f s after the kill", agentCount, hoistS);
        }
        Path tlsDir = work.resolve("raw-tls");
        RawTls.create(tlsDir);
        double rawS;
        double rawRestart;
        try (RawServerProcess server = new RawServerProcess(tlsDir);
                RawClients clients = new RawClients(RawTls.client(tlsDir), server.port, agentCount,
                        intOption("io-threads", 2))) {
            server.start();
            clients.connectAll(intOption("in-flight", 200), Duration.ofMinutes(10));
            Thread.sleep(intOption("settle-s", 10) * 1000L);
            server.kill();
            long t0 = System.nanoTime();
            rawRestart = server.start();
            clients.awaitConnected(agentCount, t0 + Duration.ofMinutes(10).toNanos());
            rawS = (System.nanoTime() - t0) / 1e9;
            log("raw: all %d connections back %.1f s after the kill (server up after %.1f s)", agentCount, rawS,
                    rawRestart);
        }
        return String.format(Locale.ROOT, "RESULT storm agents=%d hoist_s=%.1f raw_s=%.1f ratio=%.2f restart_s=%.1f "
                        + "raw_restart_s=%.2f raw_handshakes_per_s=%.0f controller_handshake_timeouts=%d tls=%s",
                agentCount, hoistS, rawS, hoistS / rawS, restart, rawRestart, agentCount / rawS, timeouts, tls);
    }

    private static int countLines(Path log, String text) throws IOException {
        try (Stream<String> lines = Files.lines(log)) {
            return (int) lines.filter(line -> line.contains(text)).count();
        }
    }

    // ---------------------------------------------------------------- enroll

    private String enroll() throws Exception {
        double enrollSeconds;
        String tls;
        long cpuTicks;
        try (Fleet fleet = fleetEnrollOnly()) {
            enrollSeconds = fleet.enrollSeconds();
            tls = fleet.controller().tlsProvider();
            cpuTicks = enrollCpuTicks;
        }
        Path tlsDir = work.resolve("raw-tls");
        RawTls.create(tlsDir);
        double rawSeconds;
        try (RawServerProcess server = new RawServerProcess(tlsDir);
                RawClients clients = new RawClients(RawTls.client(tlsDir), server.port, agentCount,
                        intOption("io-threads", 2))) {
            server.start();
            rawSeconds = clients.connectAll(intOption("enroll-concurrency", 16), Duration.ofMinutes(10));
        }
        double rate = agentCount / enrollSeconds;
        double rawRate = agentCount / rawSeconds;
        return String.format(Locale.ROOT, "RESULT enroll agents=%d enrollments_per_s=%.0f raw_handshakes_per_s=%.0f "
                        + "ratio=%.2f controller_cpu_ms_per_enrollment=%.1f concurrency=%d tls=%s",
                agentCount, rate, rawRate, rate / rawRate, cpuTicks * 10.0 / agentCount,
                intOption("enroll-concurrency", 16), tls);
    }

    private long enrollCpuTicks;

    private Fleet fleetEnrollOnly() throws Exception {
        ControllerProcess controller = newController("controller", "");
        Swarm swarm = newSwarm("swarm");
        try {
            controller.start(Duration.ofSeconds(120));
            HoistApi api = new HoistApi(controller.apiUrl(), controller.adminToken());
            JsonNode token = api.post("/join-tokens", Map.of("tags", Map.of("role", "bench"), "ttl", "2h",
                    "uses", Math.min(agentCount, 10_000), "allowTagKeys", List.of(Swarm.TAG_KEY)));
            String jfr = options.get("jfr");
            if (jfr != null) {
                JvmProbe.jcmd(controller.pid(), "JFR.start", "name=bench", "settings=profile");
            }
            long ticks = JvmProbe.cpuTicks(controller.pid());
            long started = System.nanoTime();
            swarm.enroll(Math.min(agentCount, 10_000), controller.gateway(), token.get("token").asText(),
                    token.get("caPin").asText(), intOption("enroll-concurrency", 16), Duration.ofMinutes(30));
            double seconds = (System.nanoTime() - started) / 1e9;
            enrollCpuTicks = JvmProbe.cpuTicks(controller.pid()) - ticks;
            if (jfr != null) {
                JvmProbe.jcmd(controller.pid(), "JFR.dump", "name=bench", "filename=" + Path.of(jfr).toAbsolutePath());
                log("controller profile of the enrollments: %s", Path.of(jfr).toAbsolutePath());
            }
            log("enrolled %d agents in %.1f s (%.0f/s)", agentCount, seconds, agentCount / seconds);
            return new Fleet(controller, api, swarm, seconds, 0);
        } catch (Exception | Error e) {
            swarm.close();
            controller.close();
            throw e;
        }
    }

    // ---------------------------------------------------------------- figures

    static void log(String format, Object... args) {
        System.out.println(String.format(Locale.ROOT, format, args));
        System.out.flush();
    }

    static int count(long[] times) {
        int count = 0;
        for (long time : times) {
            if (time != 0) {
                count++;
            }
        }
        return count;
    }

    static long max(long[] times) {
        long max = 0;
        for (long time : times) {
            max = Math.max(max, time);
        }
        return max;
    }

    /** The {@code q} quantile of {@code times - t0} in ms, over those set. */
    static double percentile(long[] times, long t0, double q) {
        List<Long> set = new ArrayList<>();
        for (long time : times) {
            if (time != 0) {
                set.add(time - t0);
            }
        }
        if (set.isEmpty()) {
            return Double.NaN;
        }
        set.sort(Comparator.naturalOrder());
        int index = (int) Math.min(set.size() - 1, Math.ceil(q * set.size()) - 1);
        return set.get(Math.max(0, index)) / 1e6;
    }

    static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(Comparator.naturalOrder());
        return sorted.get(sorted.size() / 2);
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
