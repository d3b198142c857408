package dev.hoist.cli.deployments;

/**
 * One thing that changed between two snapshots of a deployment, as a line for people.
 *
 * @param kind what changed, so that a view may keep some changes and leave others to its live frame
 * @param text the line, without a trailing newline
 */
public record ProgressChange(Kind kind, String text) {

    /** What a change is about. */
    public enum Kind {
        /** The deployment's own status changed (Queued, InProgress, ...). */
        DEPLOYMENT,
        /** A lifecycle event started on a host. */
        EVENT_STARTED,
        /** A lifecycle event ended well (Succeeded, or Skipped before anything failed). */
        EVENT_ENDED,
        /** A lifecycle event failed on a host: failure class, exit code, message. */
        EVENT_FAILED,
        /** A host reached its outcome. */
        HOST_ENDED
    }

    /** Whether the change reports something that went wrong. */
    public boolean isFailure() {
        return kind == Kind.EVENT_FAILED || (kind == Kind.HOST_ENDED && text.contains(" Failed"));
    }
}
