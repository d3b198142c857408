package dev.hoist.controller.core.deploy;

/**
 * Status of a deployment (appspec.md §4). {@code Created} and {@code Queued} wait for the group;
 * {@code InProgress}, {@code Ready} and {@code Baking} have hosts in flight; the other three are final.
 */
public enum DeploymentStatus {
    CREATED("Created"),
    /** Another deployment of the same group runs; the deployment's {@code error} says which. */
    QUEUED("Queued"),
    IN_PROGRESS("InProgress"),
    /**
     * Blue/green with a wait before the reroute: every replacement host is ready and the deployment waits for
     * {@code hoist deployment continue} until its {@code continueBy} (docs/traffic.md), then is Stopped.
     */
    READY("Ready"),
    BAKING("Baking"),
    SUCCEEDED("Succeeded"),
    FAILED("Failed"),
    STOPPED("Stopped");

    private final String displayName;

    DeploymentStatus(String displayName) {
        this.displayName = displayName;
    }

    /** The name users see in the API, the CLI and the console. */
    public String displayName() {
        return displayName;
    }

    public boolean isFinal() {
        return this == SUCCEEDED || this == FAILED || this == STOPPED;
    }

    /** Parses a display name or constant name, ignoring case; {@code null} when nothing matches. */
    public static DeploymentStatus parse(String text) {
        for (DeploymentStatus status : values()) {
            if (status.displayName.equalsIgnoreCase(text) || status.name().equalsIgnoreCase(text)) {
                return status;
            }
        }
        return null;
    }
}
