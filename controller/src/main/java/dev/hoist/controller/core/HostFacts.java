package dev.hoist.controller.core;

/** What an agent last reported about its host (in its hello and in heartbeats). */
public record HostFacts(
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
