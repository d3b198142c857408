package dev.hoist.controller.core.traffic;

/** Where the gateway hands the answers of balancer agents to router calls. Never blocks. */
public interface RouterResults {

    void routerResult(String agentId, String requestId, RouterOutcome outcome);
}
