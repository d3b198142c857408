package dev.hoist.controller.api;

import dev.hoist.controller.core.deploy.MinimumHealthyHosts;

/**
 * A minimum of healthy hosts: {@code HOST_COUNT} or {@code FLEET_PERCENT} with a value; the built-in
 * {@code OneAtATime} shows as {@code ALL_BUT_ONE} without one.
 */
public record MinimumHealthyHostsBody(String type, Integer value) {

    public static MinimumHealthyHostsBody of(MinimumHealthyHosts minimum) {
        if (minimum instanceof MinimumHealthyHosts.HostCount count) {
            return new MinimumHealthyHostsBody("HOST_COUNT", count.value());
        }
        if (minimum instanceof MinimumHealthyHosts.FleetPercent percent) {
            return new MinimumHealthyHostsBody("FLEET_PERCENT", percent.value());
        }
        return new MinimumHealthyHostsBody("ALL_BUT_ONE", null);
    }
}
