package dev.hoist.controller.gateway;

import dev.hoist.controller.core.HostFacts;

/** Translates host facts from the wire into the registry's terms; protobuf types stop here. */
final class HostFactsTranslator {
    private HostFactsTranslator() {
    }

    static HostFacts fromWire(dev.hoist.protocol.v1.HostFacts wire) {
        return new HostFacts(
                limit(wire.getHostname()),
                limit(wire.getOsName()),
                limit(wire.getOsVersion()),
                limit(wire.getArch()),
                Math.max(0, wire.getCpuCount()),
                clamp(wire.getMemoryTotalBytes()),
                clamp(wire.getMemoryAvailableBytes()),
                clamp(wire.getDiskFreeBytes()),
                Double.isFinite(wire.getLoadAverage1M()) ? wire.getLoadAverage1M() : 0);
    }

    /** Facts are shown in tables and stored in bounded columns: cut what no real host reports. */
    private static String limit(String text) {
        return text.length() <= 255 ? text : text.substring(0, 255);
    }

    /** uint64 on the wire; a value past {@code Long.MAX_VALUE} arrives negative and means "unknown". */
    private static long clamp(long unsigned) {
        return Math.max(0, unsigned);
    }
}
