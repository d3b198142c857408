package dev.hoist.controller.gateway;

import java.util.Collection;
import java.util.List;
import java.util.OptionalInt;

/** The protocol versions this controller speaks, and the choice among an agent's. */
final class ProtocolVersions {
    /** Versions this controller speaks, highest first. */
    static final List<Integer> SUPPORTED = List.of(1);

    private ProtocolVersions() {
    }

    /** The highest version both sides speak, or empty when they share none. */
    static OptionalInt negotiate(Collection<Integer> offeredByAgent) {
        return SUPPORTED.stream().filter(offeredByAgent::contains).mapToInt(Integer::intValue).max();
    }
}
