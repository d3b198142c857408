package dev.hoist.controller.core.traffic;

/**
 * One server of a backend as the balancer reports it.
 *
 * @param status the balancer's own words: UP, DOWN, MAINT, DRAIN, "UP 1/3", ...
 * @param adminState READY, DRAIN or MAINT
 */
public record ServerState(String backend, String server, String status, int connections, String adminState) {
}
