package dev.hoist.agent.identity;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The controllers an agent may connect to, in the order it tries them: one address, or several controllers
 * on one database ({@code A:8443,B:8443}). Any of them serves the agent; it moves to the next one whenever
 * it (re)connects.
 */
public record ControllerAddresses(List<ControllerAddress> all) {

    public ControllerAddresses {
        all = List.copyOf(new LinkedHashSet<>(all));
        if (all.isEmpty()) {
            throw new IllegalArgumentException("no controller address");
        }
    }

    public static ControllerAddresses of(ControllerAddress one) {
        return new ControllerAddresses(List.of(one));
    }

    /**
     * Parses {@code HOST:PORT[,HOST:PORT...]}.
     *
     * @throws IllegalArgumentException naming the address that is wrong and what is expected
     */
    public static ControllerAddresses parse(String text) {
        String value = text == null ? "" : text.strip();
        if (value.isEmpty()) {
            throw new IllegalArgumentException("no controller address: expected HOST:PORT, or several separated by "
                    + "commas, e.g. ctl-a.example.org:8443,ctl-b.example.org:8443");
        }
        List<ControllerAddress> addresses = new ArrayList<>();
        for (String part : value.split(",", -1)) {
            if (part.isBlank()) {
                throw new IllegalArgumentException("'" + text + "' has an empty address between its commas");
            }
            addresses.add(ControllerAddress.parse(part));
        }
        return new ControllerAddresses(addresses);
    }

    /** The address of the {@code attempt}-th connection attempt: each in turn, round and round. */
    public ControllerAddress forAttempt(long attempt) {
        return all.get((int) Math.floorMod(attempt, (long) all.size()));
    }

    public int size() {
        return all.size();
    }

    @Override
    public String toString() {
        return all.stream().map(ControllerAddress::toString).collect(Collectors.joining(","));
    }
}
