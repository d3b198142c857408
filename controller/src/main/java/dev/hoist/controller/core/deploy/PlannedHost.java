package dev.hoist.controller.core.deploy;

/** One host of a deployment, as the planner sees it. */
public record PlannedHost(String agentId, HostStanding standing, HostStatus status) {

    public PlannedHost withStatus(HostStatus newStatus) {
        return new PlannedHost(agentId, standing, newStatus);
    }
}
