package dev.hoist.agent.connection;

import dev.hoist.protocol.v1.HostFacts;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads what the controller shows about this host: name, OS, kernel, architecture, CPUs, memory (from
 * {@code /proc/meminfo}), free disk of the state directory and the load average. Reads files, so it runs
 * on the agent's I/O executor, never on the event loop. A fact that cannot be read is left at zero.
 */
public final class HostFactsCollector {
    private final Path stateDir;
    private final Path procMeminfo;

    public HostFactsCollector(Path stateDir) {
        this(stateDir, Path.of("/proc/meminfo"));
    }

    HostFactsCollector(Path stateDir, Path procMeminfo) {
        this.stateDir = stateDir;
        this.procMeminfo = procMeminfo;
    }

    HostFacts collect() {
        HostFacts.Builder facts = HostFacts.newBuilder()
                .setHostname(hostname())
                .setOsName(System.getProperty("os.name", ""))
                .setOsVersion(System.getProperty("os.version", ""))
                .setArch(System.getProperty("os.arch", ""))
                .setCpuCount(Runtime.getRuntime().availableProcessors())
                .setLoadAverage1M(Math.max(0, ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()));
        readMeminfo(facts);
        try {
            facts.setDiskFreeBytes(Files.getFileStore(Files.exists(stateDir) ? stateDir : stateDir.getRoot())
                    .getUsableSpace());
        } catch (IOException e) {
            // unknown: left at zero
        }
        return facts.build();
    }

    private void readMeminfo(HostFacts.Builder facts) {
        List<String> lines;
        try {
            lines = Files.readAllLines(procMeminfo);
        } catch (IOException e) {
            return; // not Linux, or /proc not mounted
        }
        for (String line : lines) {
            if (line.startsWith("MemTotal:")) {
                facts.setMemoryTotalBytes(kibibytes(line));
            } else if (line.startsWith("MemAvailable:")) {
                facts.setMemoryAvailableBytes(kibibytes(line));
            }
        }
    }

    /** {@code MemTotal:       16318412 kB} to bytes; 0 when the line has another shape. */
    static long kibibytes(String line) {
        String[] parts = line.trim().split("\\s+");
        if (parts.length < 2) {
            return 0;
        }
        try {
            return Long.parseLong(parts[1]) * 1024;
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** This host's name, as the hello and the enrollment request carry it. */
    public String hostname() {
        String fromEnv = System.getenv("HOSTNAME");
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return fromEnv == null ? "" : fromEnv;
        }
    }
}
