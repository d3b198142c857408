package dev.hoist.controller.core.deploy;

import dev.hoist.protocol.appspec.LifecycleEvent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A dispatched host's events as users see them. The store holds a row only for an event an agent has
 * reported on (or that ended with its host): the events still to come of a host in flight are not
 * written when its command goes out, which keeps a fleet-wide dispatch to one row per host. They are
 * filled in here, Pending while the host is in flight.
 */
public final class HostEvents {
    /** The lifecycle events a deployment command runs, in order. */
    public static final List<String> IN_PLACE = LifecycleEvent.IN_PLACE.stream().map(LifecycleEvent::wireName).toList();
    /** The lifecycle events of a deployment behind a load balancer, in order. */
    public static final List<String> IN_PLACE_WITH_TRAFFIC = LifecycleEvent.IN_PLACE_WITH_TRAFFIC.stream()
            .map(LifecycleEvent::wireName).toList();
    /** The lifecycle events of a blue/green replacement host, in order (the reroute is its AllowTraffic). */
    public static final List<String> BLUE_GREEN_REPLACEMENT = Stream.concat(IN_PLACE.stream(),
            Stream.of("BeforeAllowTraffic", "AllowTraffic", "AfterAllowTraffic")).toList();

    /** The lifecycle events of a blue/green original-set host, after the reroute (appspec.md §3). */
    public static final List<String> BLUE_GREEN_ORIGINAL = List.of("BeforeBlockTraffic", "BlockTraffic",
            "AfterBlockTraffic");

    /** The lifecycle events of a retired blue/green original-set host: its ApplicationStop came last. */
    public static final List<String> BLUE_GREEN_RETIRED = List.of("BeforeBlockTraffic", "BlockTraffic",
            "AfterBlockTraffic", "ApplicationStop");

    private HostEvents() {
    }

    /**
     * {@code stored} (the host's event rows, in lifecycle order) with the events not reported yet
     * added as Pending, when the host's command went out and it is still in flight.
     */
    public static List<HostEvent> complete(HostRun host, List<HostEvent> stored) {
        if (host.commandId() == null || host.status() != HostStatus.IN_PROGRESS) {
            return stored;
        }
        Map<String, HostEvent> byName = new LinkedHashMap<>();
        stored.forEach(event -> byName.put(event.event(), event));
        // A host behind a load balancer reports BeforeBlockTraffic first: from then on its lifecycle is the long one.
        List<String> lifecycle = host.standing() == HostStanding.RETIRING ? BLUE_GREEN_RETIRED
                : host.standing() == HostStanding.ORIGINAL_SET ? BLUE_GREEN_ORIGINAL
                : byName.containsKey(LifecycleEvent.BEFORE_BLOCK_TRAFFIC.wireName()) ? IN_PLACE_WITH_TRAFFIC : IN_PLACE;
        List<HostEvent> all = new ArrayList<>(Math.max(lifecycle.size(), stored.size()));
        for (String name : lifecycle) {
            HostEvent event = byName.remove(name);
            all.add(event != null ? event : HostEvent.pending(host.deploymentId(), host.agentId(), name));
        }
        all.addAll(byName.values());
        return all;
    }
}
