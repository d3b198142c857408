package dev.hoist.controller.core.deploy;

/** Status of one host (and of one lifecycle event) within a deployment. */
public enum HostStatus {
    PENDING("Pending"),
    IN_PROGRESS("InProgress"),
    SUCCEEDED("Succeeded"),
    FAILED("Failed"),
    SKIPPED("Skipped"),
    UNKNOWN("Unknown");

    private final String displayName;

    HostStatus(String displayName) {
        this.displayName = displayName;
    }

    public String displayName() {
        return displayName;
    }

    public boolean isFinal() {
        return this == SUCCEEDED || this == FAILED || this == SKIPPED;
    }
}
