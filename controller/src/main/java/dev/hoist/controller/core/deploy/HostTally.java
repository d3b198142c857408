package dev.hoist.controller.core.deploy;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A deployment's hosts as the {@link DeploymentPlanner} needs them: how many are in each status, and the
 * pending ones in the order they go (by {@link HostStanding}, then in the order they were added). Kept
 * up to date one host change at a time, so that a planning step costs the same with ten hosts as with
 * ten thousand. Not thread-safe.
 */
public final class HostTally {
    private final Map<HostStatus, Integer> counts = new EnumMap<>(HostStatus.class);
    private final Map<HostStanding, Set<String>> pending = new EnumMap<>(HostStanding.class);
    private int total;

    /** A tally of {@code hosts}, for planning from a list. */
    public static HostTally of(List<PlannedHost> hosts) {
        HostTally tally = new HostTally();
        hosts.forEach(host -> tally.change(null, host));
        return tally;
    }

    /**
     * Records that a host moved from {@code before} (null for a new host) to {@code after}; both name
     * the same agent and standing.
     */
    public void change(PlannedHost before, PlannedHost after) {
        if (before == null) {
            total++;
        } else {
            counts.merge(before.status(), -1, Integer::sum);
            if (before.status() == HostStatus.PENDING) {
                pending.get(before.standing()).remove(before.agentId());
            }
        }
        counts.merge(after.status(), 1, Integer::sum);
        if (after.status() == HostStatus.PENDING) {
            pending.computeIfAbsent(after.standing(), standing -> new LinkedHashSet<>()).add(after.agentId());
        }
    }

    public int total() {
        return total;
    }

    public int count(HostStatus status) {
        return counts.getOrDefault(status, 0);
    }

    /** How many hosts are in each status (statuses with none left out). */
    public Map<HostStatus, Integer> counts() {
        Map<HostStatus, Integer> copy = new EnumMap<>(HostStatus.class);
        counts.forEach((status, n) -> {
            if (n > 0) {
                copy.put(status, n);
            }
        });
        return copy;
    }

    /** The first {@code limit} pending hosts, in the order they go. */
    public List<String> firstPending(int limit) {
        List<String> first = new ArrayList<>(Math.min(limit, count(HostStatus.PENDING)));
        for (HostStanding standing : HostStanding.values()) {
            for (String agentId : pending.getOrDefault(standing, Set.of())) {
                if (first.size() >= limit) {
                    return first;
                }
                first.add(agentId);
            }
        }
        return first;
    }
}
