package dev.hoist.controller.safety;

import java.time.Instant;

/**
 * A time in which deployments may not start (rollbacks and stops always may), for one group, every group
 * of one application, or everything. One-off ({@code from} to {@code to}) or weekly ({@code weekly}).
 *
 * @param application null for every application
 * @param group null for every group of {@code application} (always null when {@code application} is)
 * @param from the start of a one-off window, inclusive; null for a weekly one
 * @param to the end of a one-off window, exclusive; null for a weekly one
 * @param weekly the weekly span, or null for a one-off window
 * @param reason why, for whoever is refused; may be null
 */
public record FreezeWindow(
        String id,
        String application,
        String group,
        Instant from,
        Instant to,
        WeeklySpan weekly,
        String reason,
        String createdBy,
        Instant createdAt) {

    /** Whether a deployment of {@code application}'s group {@code groupName} starting at {@code at} is frozen. */
    public boolean freezes(String application, String groupName, Instant at) {
        boolean applies = this.application == null
                || (this.application.equals(application) && (group == null || group.equals(groupName)));
        return applies && activeAt(at);
    }

    public boolean activeAt(Instant at) {
        return weekly != null ? weekly.contains(at) : !at.isBefore(from) && at.isBefore(to);
    }

    /** What the window covers, for people: {@code shop/web}, {@code shop/*} or {@code all applications}. */
    public String scope() {
        return application == null ? "all applications" : application + "/" + (group == null ? "*" : group);
    }

    /** When, for people: {@code 2025-12-24T00:00:00Z to 2025-12-27T00:00:00Z} or the weekly span. */
    public String when() {
        return weekly != null ? weekly.toString() : from + " to " + to;
    }
}
