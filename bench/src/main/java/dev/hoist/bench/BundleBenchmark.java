package dev.hoist.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipParameters;

/**
 * {@code bundle}: one revision of {@code --mib} MiB (default 100) deployed AllAtOnce to {@code --agents} swarm agents
 * (default 50) at once, each agent taking the agent's own download path ({@code BundleDownloader}: 8 MiB
 * {@code BundleWanted} windows over its mTLS connection, appended to its cache file, SHA-256 checked before the
 * run starts), against the raw baseline in the same run: plain Netty mutual TLS 1.3 streaming the same file to as
 * many connections, the receivers hashing it with SHA-256.
 *
 * <p>Each revision is new random bytes inside a valid tar.gz stored without compression (so the bytes on the wire
 * are the bytes stored, and no agent has them cached). Measured: the time from the first agent's first request for
 * bytes to the last agent's verified bundle; MiB/s over all agents; the controller's CPU (its process's user +
 * system ticks from the {@code POST} to {@code Succeeded}) per MiB its gateway served ({@code bundles.bytes-served});
 * the controller's heap after a full GC idle, after the runs, and in the middle of three more transfers (half the
 * agents with {@code --mib}, all of them, half of them with twice the size) to show whether it grows with agents or
 * size. Then, with {@code --store both} (the default), the same with {@code bundles.store: s3} against S3Proxy
 * (filesystem backend) on loopback: agents fetch from the presigned URL, and the controller's CPU for the
 * deployment is compared with the directory store's; S3Proxy's own CPU is reported apart.
 */
final class BundleBenchmark {
    private static final String SERVED = "hoist.gateway.bundles.bytes-served";
    private static final double MIB = 1024.0 * 1024.0;
    private static final String APPSPEC = """
            version: 0.0
            os: linux
            hooks:
              ApplicationStart:
                - location: scripts/hook.sh
            """;

    private final BenchMain bench;
    private final int agents;
    private final int mib;
    private int bundles;

    BundleBenchmark(BenchMain bench) {
        this.bench = bench;
        this.agents = bench.agentCount;
        this.mib = bench.intOption("mib", 100);
    }

    /** One deployment's transfer. */
    private record Transfer(double seconds, double postToVerifiedS, long deliveredBytes, long servedBytes,
            double cpuMs, double otherCpuMs, long heapMidKb, Bundle bundle) {
        double mibPerS() {
            return deliveredBytes / MIB / seconds;
        }

        double cpuMsPerMibServed() {
            return cpuMs / (servedBytes / MIB);
        }
    }

    private record Bundle(Path file, String sha256, long size) {
    }

    String run() throws Exception {
        int runs = bench.intOption("runs", 3);
        String store = bench.option("store", "both");
        boolean probes = !"false".equals(bench.option("heap-probes", "true"));
        int half = agents / 2 + agents % 2;
        List<Transfer> timed = new ArrayList<>();
        Map<String, Long> probeKb = new LinkedHashMap<>();
        long heapIdleKb;
        long heapAfterKb;
        String tls;
        try (BenchMain.Fleet fleet = bench.fleet(true, bench.newController("controller", ""), "swarm", 2)) {
            tls = fleet.controller().tlsProvider();
            setUp(fleet.api(), true);
            transfer(fleet, "all", agents, Math.max(1, mib / 4), "warm-up", false, 0, true);
            heapIdleKb = JvmProbe.heapAfterGcKb(fleet.controller().pid());
            String jfr = bench.options.get("jfr");
            if (jfr != null) {
                JvmProbe.jcmd(fleet.controller().pid(), "JFR.start", "name=bench", "settings=profile");
            }
            for (int run = 1; run <= runs; run++) {
                Transfer done = transfer(fleet, "all", agents, mib, "run " + run, false, 0, run < runs);
                timed.add(done);
            }
            if (jfr != null) {
                JvmProbe.jcmd(fleet.controller().pid(), "JFR.dump", "name=bench",
                        "filename=" + Path.of(jfr).toAbsolutePath());
                BenchMain.log("controller profile of the measured runs: %s", Path.of(jfr).toAbsolutePath());
            }
            heapAfterKb = JvmProbe.heapAfterGcKb(fleet.controller().pid());
            if (probes) {
                probeKb.put(half + "x" + mib, transfer(fleet, "half", half, mib, "heap probe", true, 0, true).heapMidKb);
                probeKb.put(agents + "x" + mib, transfer(fleet, "all", agents, mib, "heap probe", true, 0, true)
                        .heapMidKb);
                probeKb.put(half + "x" + 2 * mib, transfer(fleet, "half", half, 2 * mib, "heap probe", true, 0, true)
                        .heapMidKb);
            }
        }
        Bundle rawBundle = timed.get(timed.size() - 1).bundle;
        List<Double> rawRates = new ArrayList<>();
        List<Double> rawCpu = new ArrayList<>();
        raw(rawBundle, runs, rawRates, rawCpu);
        Files.deleteIfExists(rawBundle.file);

        List<Double> rates = timed.stream().map(Transfer::mibPerS).toList();
        List<Double> seconds = timed.stream().map(Transfer::seconds).toList();
        List<Double> cpuPerMib = timed.stream().map(Transfer::cpuMsPerMibServed).toList();
        double cpuDirectory = BenchMain.median(timed.stream().map(Transfer::cpuMs).toList());
        double rate = BenchMain.median(rates);
        double rawRate = BenchMain.median(rawRates);
        StringBuilder heap = new StringBuilder();
        probeKb.forEach((what, kb) -> heap.append(String.format(Locale.ROOT, " heap_mid_%s_mb=%.0f", what, kb / 1024.0)));

        if (store.equals("both") || store.equals("s3")) {
            try {
                BenchMain.log("%s", s3(runs, cpuDirectory));
            } catch (Exception | Error e) {
                e.printStackTrace();
                BenchMain.log("RESULT bundle_s3 failed=\"%s\"", String.valueOf(e.getMessage()).replace('"', '\'')
                        .replaceAll("\\s+", " "));
            }
        }
        return String.format(Locale.ROOT, "RESULT bundle agents=%d mib=%d seconds=%.2f mib_per_s=%.0f "
                        + "raw_mib_per_s=%.0f ratio=%.2f controller_cpu_ms_per_mib=%.2f raw_cpu_ms_per_mib=%.2f "
                        + "heap_after_gc_mb=%.0f heap_idle_mb=%.0f%s runs=%d tls=%s",
                agents, mib, BenchMain.median(seconds), rate, rawRate, rate / rawRate, BenchMain.median(cpuPerMib),
                BenchMain.median(rawCpu), heapAfterKb / 1024.0, heapIdleKb / 1024.0, heap, runs, tls);
    }

    private void setUp(HoistApi api, boolean halves) throws IOException {
        api.post("/applications", Map.of("name", "bundle"));
        api.post("/applications/bundle/deployment-groups", Map.of("name", "all",
                "tagSet", List.of(List.of("role=bench")), "config", "AllAtOnce"));
        if (halves) {
            api.post("/applications/bundle/deployment-groups", Map.of("name", "half",
                    "tagSet", List.of(List.of("batch=b0")), "config", "AllAtOnce"));
        }
    }

    /**
     * Pushes a new revision of {@code sizeMib} and deploys it to {@code group} ({@code count} agents); with
     * {@code probe}, takes the controller's heap after a full GC once the agents hold 40% of the bytes. Removes the
     * bundle from the agents' caches afterwards, and its file when {@code deleteFile}.
     */
    private Transfer transfer(BenchMain.Fleet fleet, String group, int count, int sizeMib, String label,
            boolean probe, long otherPid, boolean deleteFile) throws Exception {
        Bundle bundle = newBundle(sizeMib);
        HoistApi api = fleet.api();
        long pushed = System.nanoTime();
        api.postFile("/applications/bundle/revisions?description=" + label.replace(' ', '-'), "application/gzip",
                bundle.file);
        double pushS = (System.nanoTime() - pushed) / 1e9;
        if (deleteFile) {
            Files.delete(bundle.file);
        }
        List<SwarmAgent> all = fleet.swarm().agents();
        all.forEach(SwarmAgent::resetCounters);
        long pid = fleet.controller().pid();
        long runsBefore = bench.hooks.runsStarted.get();
        long bytesBefore = SwarmAgent.BUNDLE_BYTES.get();
        long servedBefore = fleet.controller().meterCount(SERVED);
        long ticksBefore = JvmProbe.cpuTicks(pid);
        long otherBefore = otherPid == 0 ? 0 : JvmProbe.cpuTicks(otherPid);
        long t0 = System.nanoTime();
        JsonNode created = api.post("/deployments", Map.of("application", "bundle", "group", group,
                "revision", "latest"));
        String id = created.get("id").asText();
        long end = t0 + Duration.ofMinutes(10).toNanos();
        long heapMidKb = -1;
        long total = (long) count * bundle.size;
        while (bench.hooks.runsStarted.get() - runsBefore < count) {
            if (System.nanoTime() > end) {
                throw new IllegalStateException(label + ": " + (bench.hooks.runsStarted.get() - runsBefore) + " of "
                        + count + " agents had the bundle after 10 minutes");
            }
            if (probe && heapMidKb < 0 && SwarmAgent.BUNDLE_BYTES.get() - bytesBefore >= total * 4 / 10) {
                // The live heap as the class histogram counts it at its own full GC: GC.heap_info after GC.run also
                // counts what the transfer allocated between the two jcmd calls (hundreds of MB/s here).
                long usedKb = JvmProbe.heapAfterGcKb(pid);
                String histogram = JvmProbe.jcmd(pid, "GC.class_histogram");
                heapMidKb = histogram.lines().filter(line -> line.startsWith("Total"))
                        .map(line -> Long.parseLong(line.trim().split("\\s+")[2]) / 1024).findFirst().orElse(-1L);
                BenchMain.log("%s: controller heap mid-transfer: %d KB live (class histogram), %d KB used after "
                        + "GC.run; its largest classes:%n%s", label, heapMidKb, usedKb,
                        String.join("\n", histogram.lines().limit(8).toList()));
            }
            Thread.sleep(5);
        }
        long verified = bench.hooks.lastRunStartedAt.get();
        JsonNode deployment;
        while (true) {
            deployment = api.get("/deployments?application=bundle&limit=1").get(0);
            String status = deployment.get("status").asText();
            if (!deployment.get("id").asText().equals(id)) {
                throw new IllegalStateException("another deployment is newest: " + deployment);
            }
            if (status.equals("Succeeded")) {
                break;
            }
            if (status.equals("Failed") || status.equals("Stopped") || System.nanoTime() > end) {
                throw new IllegalStateException(label + ": deployment " + id + " ended " + deployment);
            }
            Thread.sleep(100);
        }
        double cpuMs = (JvmProbe.cpuTicks(pid) - ticksBefore) * 10.0;
        double otherMs = otherPid == 0 ? 0 : (JvmProbe.cpuTicks(otherPid) - otherBefore) * 10.0;
        long served = fleet.controller().meterCount(SERVED) - servedBefore;
        long firstAsked = all.stream().mapToLong(a -> a.bundleWantedAt).filter(at -> at != 0).min().orElse(t0);
        for (SwarmAgent agent : all) {
            Path cached = agent.stateDir.resolve("bundles");
            Files.deleteIfExists(cached.resolve(bundle.sha256));
            Files.deleteIfExists(cached.resolve(bundle.sha256 + ".part"));
        }
        Transfer transfer = new Transfer((verified - firstAsked) / 1e9, (verified - t0) / 1e9, total, served, cpuMs,
                otherMs, heapMidKb, bundle);
        BenchMain.log("%s: %d agents x %.1f MiB (pushed in %.1f s): first request to last verified %.2f s "
                        + "(POST to last verified %.2f s), %.0f MiB/s; controller served %.1f MiB with %.0f ms CPU "
                        + "(%.2f ms/MiB served, %.3f ms/MiB delivered)%s%s", label, count, bundle.size / MIB, pushS,
                transfer.seconds, transfer.postToVerifiedS, transfer.mibPerS(), served / MIB, cpuMs,
                served == 0 ? Double.NaN : transfer.cpuMsPerMibServed(), cpuMs / (total / MIB),
                otherPid == 0 ? "" : String.format(Locale.ROOT, "; object store %.0f ms CPU", otherMs),
                heapMidKb < 0 ? "" : String.format(Locale.ROOT, "; controller heap after GC mid-transfer %.1f MB",
                        heapMidKb / 1024.0));
        return transfer;
    }

    /** A new tar.gz (stored, not compressed) of an AppSpec, a hook and random bytes, {@code sizeMib} MiB in all. */
    private Bundle newBundle(int sizeMib) throws Exception {
        Path file = bench.work.resolve("bundle-" + (++bundles) + ".tgz");
        MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
        GzipParameters stored = new GzipParameters();
        stored.setCompressionLevel(0);
        long payload = sizeMib * (1L << 20) - 64 * 1024;
        SplittableRandom random = new SplittableRandom();
        try (OutputStream out = new DigestOutputStream(new BufferedOutputStream(Files.newOutputStream(file), 1 << 20),
                sha256);
                TarArchiveOutputStream tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(out, stored))) {
            BenchMain.add(tar, "appspec.yml", APPSPEC, 0644);
            BenchMain.add(tar, "scripts/hook.sh", "#!/bin/sh\necho started\n", 0755);
            TarArchiveEntry entry = new TarArchiveEntry("payload.bin");
            entry.setSize(payload);
            entry.setMode(0644);
            tar.putArchiveEntry(entry);
            byte[] buffer = new byte[1 << 20];
            for (long left = payload; left > 0; left -= buffer.length) {
                for (int i = 0; i < buffer.length; i += 8) {
                    long value = random.nextLong();
                    for (int b = 0; b < 8; b++) {
                        buffer[i + b] = (byte) (value >>> (8 * b));
                    }
                }
                tar.write(buffer, 0, (int) Math.min(buffer.length, left));
            }
            tar.closeArchiveEntry();
        }
        return new Bundle(file, HexFormat.of().formatHex(sha256.digest()), Files.size(file));
    }

    private void raw(Bundle bundle, int runs, List<Double> rates, List<Double> cpuPerMib) throws Exception {
        Path tlsDir = bench.work.resolve("raw-tls");
        RawTls.create(tlsDir);
        try (RawServerProcess server = new RawServerProcess(tlsDir, RawBundleServer.class,
                List.of(bundle.file.toString()));
                RawBundleClients clients = new RawBundleClients(RawTls.client(tlsDir), server.port, agents,
                        bench.intOption("io-threads", 2), bundle.size, bundle.sha256)) {
            server.start();
            clients.connectAll(Duration.ofMinutes(2));
            for (int run = 0; run <= runs; run++) {
                clients.reset();
                long ticks = JvmProbe.cpuTicks(server.pid());
                long t0 = System.nanoTime();
                server.send();
                long end = t0 + Duration.ofMinutes(10).toNanos();
                while (BenchMain.count(clients.doneAt) < agents) {
                    if (System.nanoTime() > end) {
                        throw new IllegalStateException("raw: " + BenchMain.count(clients.doneAt) + " of " + agents
                                + " receivers had the whole file after 10 minutes");
                    }
                    Thread.sleep(2);
                }
                double seconds = (BenchMain.max(clients.doneAt) - t0) / 1e9;
                double cpuMs = (JvmProbe.cpuTicks(server.pid()) - ticks) * 10.0;
                double mibTotal = (double) agents * bundle.size / MIB;
                BenchMain.log("raw %s: %d connections x %.1f MiB in %.2f s, %.0f MiB/s; server %.0f ms CPU "
                        + "(%.2f ms/MiB)", run == 0 ? "warm-up" : "run " + run, agents, bundle.size / MIB, seconds,
                        mibTotal / seconds, cpuMs, cpuMs / mibTotal);
                if (run > 0) {
                    rates.add(mibTotal / seconds);
                    cpuPerMib.add(cpuMs / mibTotal);
                }
            }
            if (clients.wrongDigests() > 0) {
                throw new IllegalStateException("raw: " + clients.wrongDigests() + " receivers hashed other bytes");
            }
        }
    }

    /** The same deployment with the s3 store against S3Proxy; returns its RESULT line. */
    private String s3(int runs, double cpuDirectoryMs) throws Exception {
        Path jar = bench.projectRoot.resolve("controller/target/s3proxy/s3proxy.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: build with mvn -DskipTests package first");
        }
        Path dir = Files.createDirectories(bench.work.resolve("s3proxy"));
        Path data = Files.createDirectories(dir.resolve("data"));
        Files.createDirectories(data.resolve("hoist")); // the bucket: a directory of the filesystem backend
        int port = ControllerProcess.freePort();
        Path properties = dir.resolve("s3proxy.properties");
        Files.writeString(properties, String.join("\n", "s3proxy.endpoint=http://127.0.0.1:" + port,
                "s3proxy.authorization=aws-v2-or-v4", "s3proxy.identity=hoist-bench",
                "s3proxy.credential=hoist-bench-secret", "jclouds.provider=filesystem",
                "jclouds.filesystem.basedir=" + data, ""), StandardCharsets.UTF_8);
        Process s3proxy = new ProcessBuilder(ControllerProcess.javaBin(), "-Xmx512m", "-jar", jar.toString(),
                "--properties", properties.toString()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("s3proxy.log").toFile()).start();
        try {
            long end = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (!accepts(port)) {
                if (!s3proxy.isAlive() || System.nanoTime() > end) {
                    throw new IllegalStateException("S3Proxy did not start: " + Files.readString(dir.resolve("s3proxy.log")));
                }
                Thread.sleep(100);
            }
            String config = """
                    bundles:
                      store: s3
                      s3:
                        endpoint: http://127.0.0.1:%d
                        region: us-east-1
                        bucket: hoist
                        prefix: blobs/
                        pathStyle: true
                        accessKeyId: hoist-bench
                        secretAccessKey: hoist-bench-secret
                    """.formatted(port);
            List<Transfer> timed = new ArrayList<>();
            try (BenchMain.Fleet fleet = bench.fleet(true, bench.newController("controller-s3", config), "swarm-s3", 1)) {
                setUp(fleet.api(), false);
                transfer(fleet, "all", agents, Math.max(1, mib / 4), "s3 warm-up", false, s3proxy.pid(), true);
                for (int run = 1; run <= runs; run++) {
                    timed.add(transfer(fleet, "all", agents, mib, "s3 run " + run, false, s3proxy.pid(), true));
                }
            }
            double cpuMs = BenchMain.median(timed.stream().map(Transfer::cpuMs).toList());
            long served = timed.stream().mapToLong(Transfer::servedBytes).max().orElse(0);
            return String.format(Locale.ROOT, "RESULT bundle_s3 agents=%d mib=%d seconds=%.2f mib_per_s=%.0f "
                            + "controller_cpu_ms=%.0f directory_controller_cpu_ms=%.0f controller_cpu_ratio=%.3f "
                            + "controller_bytes_served=%d s3proxy_cpu_ms=%.0f runs=%d",
                    agents, mib, BenchMain.median(timed.stream().map(Transfer::postToVerifiedS).toList()),
                    BenchMain.median(timed.stream().map(t -> t.deliveredBytes / MIB / t.postToVerifiedS).toList()),
                    cpuMs, cpuDirectoryMs, cpuMs / cpuDirectoryMs, served,
                    BenchMain.median(timed.stream().map(Transfer::otherCpuMs).toList()), runs);
        } finally {
            s3proxy.destroyForcibly();
            s3proxy.waitFor(30, TimeUnit.SECONDS);
        }
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
