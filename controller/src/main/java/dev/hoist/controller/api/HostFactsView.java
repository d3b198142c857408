package dev.hoist.controller.api;

import dev.hoist.controller.core.HostFacts;

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

    public static HostFactsView of(HostFacts facts) {
        if (facts == null) {
            return null;
        }
        return new HostFactsView(facts.hostname(), facts.osName(), facts.osVersion(), facts.arch(),
                facts.cpuCount(), facts.memoryTotalBytes(), facts.memoryAvailableBytes(), facts.diskFreeBytes(),
                facts.loadAverage1m());
    }
}
