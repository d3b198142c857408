package dev.hoist.controller.core.deploy;

/**
 * Where a host stood before a deployment, which decides the order hosts are deployed in: the hosts
 * that have least to lose go first (appspec.md §4).
 */
public enum HostStanding {
    /** Its last deployment failed, or it is not healthy now. */
    UNHEALTHY,
    /** Hoist does not know which revision it runs. */
    UNKNOWN_REVISION,
    /** It runs an older revision of the application. */
    OLD_REVISION,
    /** It already runs the revision being deployed. */
    CURRENT_REVISION,
    /**
     * Blue/green: it serves in the original set. Nothing is installed on it; once the replacement set took
     * the traffic it runs only BeforeBlockTraffic, BlockTraffic and AfterBlockTraffic.
     */
    ORIGINAL_SET,
    /**
     * Blue/green: an original-set host being retired, the group's wait after the reroute over: it runs only
     * ApplicationStop, of the revision it has installed.
     */
    RETIRING
}
