package dev.hoist.controller.core.traffic;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The load balancer in front of a group's hosts, as deployments need it. One adapter today (HAProxy's
 * runtime API, reached through the Hoist agent on the balancer's host); others fit the same three
 * actions. Every action is idempotent; the futures complete (never exceptionally) within the action's
 * own timeouts and a margin, with a failed {@link RouterOutcome} when the balancer cannot be reached.
 */
public interface TrafficRouter {

    /**
     * Takes {@code server} out of service in {@code backends}: waits while it is the last server up in
     * one of them (at most {@code guardTimeout}), stops new connections, lets the open ones finish (at most
     * {@code drainTimeout}), then sets it in maintenance.
     */
    CompletableFuture<RouterOutcome> block(String balancerAgentId, List<String> backends, String server,
            LoadBalancer settings);

    /**
     * Puts {@code server} back in service in {@code backends} and waits (at most {@code upTimeout}) until
     * the balancer's own health check reports it up.
     */
    CompletableFuture<RouterOutcome> allow(String balancerAgentId, List<String> backends, String server,
            LoadBalancer settings);

    /** Each server of {@code backends}: its state and open connections. */
    CompletableFuture<RouterOutcome> read(String balancerAgentId, List<String> backends);
}
