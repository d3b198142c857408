package dev.hoist.api;

/** An agent's latest host facts as the API shows them. */
public record HostFactsView(
        String hostname,
        String osName,
        String osVersion,
        String arch,
        int cpuCount,
        long memoryTotalBytes,
        long memoryAvailableBytes,
        long diskFreeBytes,
        double loadAverage1m) {
}
