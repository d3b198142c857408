package dev.hoist.api;

/**
 * A minimum of healthy hosts: {@code HOST_COUNT} or {@code FLEET_PERCENT} with a value; the built-in
 * {@code OneAtATime} shows as {@code ALL_BUT_ONE} without one.
 */
public record MinimumHealthyHostsBody(String type, Integer value) {
}
