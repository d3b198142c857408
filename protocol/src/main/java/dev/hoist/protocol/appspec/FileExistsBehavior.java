package dev.hoist.protocol.appspec;

/** What Install does when a destination file already exists and no earlier Install recorded it. */
public enum FileExistsBehavior {
    /** Fail the Install with {@code FILE_EXISTS}, naming the path. The default. */
    DISALLOW,
    /** Replace the host's file with the revision's. */
    OVERWRITE,
    /** Keep the host's file; the revision's copy is not installed. */
    RETAIN
}
