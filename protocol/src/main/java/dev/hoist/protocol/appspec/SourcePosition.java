package dev.hoist.protocol.appspec;

/**
 * Where a value was written in an AppSpec file, so that checks made after parsing (against the
 * bundle, against a group's timeout limit) can still point at the line.
 *
 * @param line 1-based, or 0 when unknown
 * @param column 1-based, or 0 when unknown
 */
public record SourcePosition(int line, int column) {

    /** For values whose position is not known, such as a spec built in code. */
    public static final SourcePosition UNKNOWN = new SourcePosition(0, 0);
}
