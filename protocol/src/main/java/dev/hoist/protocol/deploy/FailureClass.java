package dev.hoist.protocol.deploy;

/**
 * Why a lifecycle event (and so its host) failed: one class per failed event. The names are part of
 * the contract with users (reports, API, CLI), matching appspec.md §3.
 */
public enum FailureClass {
    SCRIPT_MISSING,
    SCRIPT_NOT_EXECUTABLE,
    SCRIPT_TIMED_OUT,
    /** The script exited non-zero; the exit code travels beside it. */
    SCRIPT_FAILED,
    /** The script exited but something it started kept stdout/stderr open past the deadline. */
    OUTPUTS_LEFT_OPEN,
    /** The agent restarted while the event was in flight. */
    FAILED_AFTER_RESTART,
    UNKNOWN_ERROR,
    APPSPEC_INVALID,
    BUNDLE_INVALID,
    BUNDLE_DIGEST_MISMATCH,
    FILE_EXISTS,
    AGENT_LOST,
    HEALTH_CHECK_FAILED,
    /** The load balancer did not take the host out of service (drain, maintenance, traffic guard). */
    TRAFFIC_BLOCK_FAILED,
    /** The load balancer did not put the host back, or its health check did not report it up in time. */
    TRAFFIC_ALLOW_FAILED,
    CANCELLED,
    /**
     * An agent upgrade (hoist agent upgrade) did not bring the agent up on the new version: the distribution
     * did not unpack or start, the agent runs from no installed release, or it came back on another version.
     */
    AGENT_UPGRADE_FAILED,
    /**
     * The agent trusts signing keys and the revision is unsigned, signed by no trusted key, or its bundle is
     * not the one signed; nothing ran and nothing was installed.
     */
    SIGNATURE_INVALID
}
