package dev.hoist.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code rolling}: a OneAtATime deployment over N swarm agents (default 100) whose simulated hooks take
 * {@code --hook-delay-ms} each (default 50). What Hoist adds per host is the wall time divided by the hosts,
 * minus the hooks' own time per host (measured around each simulated hook's sleep, so a late wake-up counts as
 * hook time, not overhead). The raw baseline: plain Netty over as many mutual-TLS connections, one connection at
 * a time, the same message pattern per host (one command down, the same number of messages up, one flush each,
 * an acknowledgement of the last), no hooks, no Hoist logic, no store; its time per host is the floor of the
 * overhead.
 */
final class RollingBenchmark {
    private final BenchMain bench;

    RollingBenchmark(BenchMain bench) {
        this.bench = bench;
    }

    /**
     * Where a host's overhead was spent, from the swarm's own clock: {agent, controller} in ms per host. The agent's
     * part is from its command's arrival to its result handed to the connection, less the hooks; the controller's
     * is from one host's result to the next host's command (the wire both ways, the controller's work between).
     */
    private static double[] split(List<SwarmAgent> agents, double hookMs) {
        List<SwarmAgent> ordered = new ArrayList<>(agents);
        ordered.removeIf(agent -> agent.commandAt == 0 || agent.resultSentAt == 0);
        ordered.sort(java.util.Comparator.comparingLong(agent -> agent.commandAt));
        double agent = 0;
        double controller = 0;
        for (int i = 0; i < ordered.size(); i++) {
            agent += (ordered.get(i).resultSentAt - ordered.get(i).commandAt) / 1e6;
            if (i + 1 < ordered.size()) {
                controller += (ordered.get(i + 1).commandAt - ordered.get(i).resultSentAt) / 1e6;
            }
        }
        return new double[] {agent / ordered.size() - hookMs, controller / Math.max(1, ordered.size() - 1)};
    }

    String run() throws Exception {
        int agents = bench.agentCount;
        int runs = bench.intOption("runs", 3);
        int hookDelayMs = bench.intOption("hook-delay-ms", 50);
        // The figure is the controller's createdAt to endedAt; the benchmark follows the deployment on the live stream.
        bench.options.put("hook-delay-ms", String.valueOf(hookDelayMs));
        List<Double> wall = new ArrayList<>();
        List<Double> overhead = new ArrayList<>();
        List<Double> serverOverhead = new ArrayList<>();
        List<Double> hookPerHost = new ArrayList<>();
        List<Double> agentSide = new ArrayList<>();
        List<Double> controllerSide = new ArrayList<>();
        double first;
        double messagesUp;
        String tls;
        long heapKb;
        try (BenchMain.Fleet fleet = bench.fleet(true, bench.newController("controller", ""), "swarm", 1)) {
            tls = fleet.controller().tlsProvider();
            HoistApi api = fleet.api();
            api.post("/applications", Map.of("name", "bench"));
            api.postBytes("/applications/bench/revisions?description=bench", "application/gzip", BenchMain.bundle());
            api.post("/applications/bench/deployment-groups", Map.of("name", "fleet",
                    "tagSet", List.of(List.of("role=bench")), "config", "OneAtATime"));
            BenchMain.Deployment warm = bench.deploy(fleet, "first (agents download the bundle)");
            first = warm.seconds();
            messagesUp = warm.messagesUp();
            String jfr = bench.options.get("jfr");
            if (jfr != null) {
                JvmProbe.jcmd(fleet.controller().pid(), "JFR.start", "name=bench", "settings=profile");
            }
            for (int run = 1; run <= runs; run++) {
                long hookNanos = bench.hooks.hookNanos.get();
                BenchMain.Deployment measured = bench.deploy(fleet, "run " + run);
                double hookMs = (bench.hooks.hookNanos.get() - hookNanos) / 1e6 / agents;
                double perHost = measured.serverSeconds() * 1000 / agents;
                double clientPerHost = measured.seconds() * 1000 / agents;
                wall.add(measured.serverSeconds());
                hookPerHost.add(hookMs);
                overhead.add(perHost - hookMs);
                serverOverhead.add(clientPerHost - hookMs);
                messagesUp = measured.messagesUp();
                double[] split = split(fleet.swarm().agents(), hookMs);
                agentSide.add(split[0]);
                controllerSide.add(split[1]);
                BenchMain.log("run %d: per host, the agent's own code beyond the hooks %.1f ms (command in to result "
                        + "out); the controller %.1f ms (result out to the next host's command in)", run, split[0],
                        split[1]);
                BenchMain.log("run %d: %.1f ms per host, of which hooks %.1f ms: %.1f ms overhead per host "
                        + "(controller's createdAt to endedAt; %.1f ms from the POST to Succeeded seen on the stream)", run,
                        perHost, hookMs, perHost - hookMs, clientPerHost - hookMs);
            }
            if (jfr != null) {
                JvmProbe.jcmd(fleet.controller().pid(), "JFR.dump", "name=bench",
                        "filename=" + Path.of(jfr).toAbsolutePath());
                BenchMain.log("controller profile of the measured runs: %s", Path.of(jfr).toAbsolutePath());
            }
            heapKb = JvmProbe.heapAfterGcKb(fleet.controller().pid());
        }
        List<Double> rawPerHost = new ArrayList<>();
        Path tlsDir = bench.work.resolve("raw-tls");
        RawTls.create(tlsDir);
        try (RawServerProcess server = new RawServerProcess(tlsDir);
                RawClients clients = new RawClients(RawTls.client(tlsDir), server.port, agents,
                        bench.intOption("io-threads", 2))) {
            server.start();
            clients.messagesUp((int) Math.round(messagesUp));
            clients.connectAll(bench.intOption("in-flight", 200), Duration.ofMinutes(10));
            for (int run = -2; run <= runs; run++) {
                clients.reset();
                long t0 = System.nanoTime();
                server.send("sequential");
                long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (BenchMain.count(clients.acknowledgedAt) < agents) {
                    if (System.nanoTime() > end) {
                        throw new IllegalStateException("raw: " + BenchMain.count(clients.acknowledgedAt) + " of "
                                + agents + " acknowledgements back after the sequential round");
                    }
                    Thread.sleep(1);
                }
                double perHost = (BenchMain.max(clients.acknowledgedAt) - t0) / 1e6 / agents;
                BenchMain.log("raw %s: %.2f ms per host, one connection after the other", run <= 0 ? "warm-up"
                        : "run " + run, perHost);
                if (run > 0) {
                    rawPerHost.add(perHost);
                }
            }
        }
        double overheadMs = BenchMain.median(overhead);
        double rawMs = BenchMain.median(rawPerHost);
        return String.format(Locale.ROOT, "RESULT rolling agents=%d hook_delay_ms=%d seconds=%.2f "
                        + "per_host_overhead_ms=%.1f raw_per_host_ms=%.2f ratio=%.1f hook_ms_per_host=%.1f "
                        + "client_per_host_overhead_ms=%.1f agent_ms_per_host=%.1f controller_ms_per_host=%.1f first_s=%.2f messages_up=%.1f heap_after_gc_mb=%.0f "
                        + "runs=%d tls=%s",
                agents, hookDelayMs, BenchMain.median(wall), overheadMs, rawMs, overheadMs / rawMs,
                BenchMain.median(hookPerHost), BenchMain.median(serverOverhead), BenchMain.median(agentSide),
                BenchMain.median(controllerSide), first, messagesUp, heapKb / 1024.0,
                runs, tls);
    }
}
