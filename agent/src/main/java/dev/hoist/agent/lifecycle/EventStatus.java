package dev.hoist.agent.lifecycle;

/** The status of one lifecycle event on this host (appspec.md §4), as reports spell it. */
public enum EventStatus {
    PENDING("Pending"),
    IN_PROGRESS("InProgress"),
    SUCCEEDED("Succeeded"),
    FAILED("Failed"),
    SKIPPED("Skipped");

    private final String displayName;

    EventStatus(String displayName) {
        this.displayName = displayName;
    }

    public String displayName() {
        return displayName;
    }

    public boolean isFinal() {
        return this == SUCCEEDED || this == FAILED || this == SKIPPED;
    }
}
