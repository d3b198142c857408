package dev.hoist.protocol.appspec;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The path rules of an AppSpec file: bundle paths ({@code files.source}, hook {@code location}) are
 * relative to the bundle root, with a leading slash allowed; host paths ({@code destination},
 * {@code object}) are absolute. Neither may climb out of its root with {@code ..}.
 */
final class AppSpecPaths {

    private AppSpecPaths() {
    }

    /**
     * Normalises a path inside the bundle: no leading or trailing slash, no {@code .} or empty segments;
     * {@code ""} is the bundle root. Refused when {@code ..} would leave the bundle.
     */
    static Checked insideBundle(String written) {
        Deque<String> segments = new ArrayDeque<>();
        for (String segment : written.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".")) {
                continue;
            }
            if (segment.equals("..")) {
                if (segments.isEmpty()) {
                    return Checked.refused("climbs out of the bundle with '..'; paths here are relative to the"
                            + " bundle root");
                }
                segments.removeLast();
            } else {
                segments.addLast(segment);
            }
        }
        return Checked.of(String.join("/", segments));
    }

    /** Normalises an absolute host path; refused when it is relative or {@code ..} climbs above {@code /}. */
    static Checked onHost(String written) {
        if (!written.startsWith("/")) {
            return Checked.refused("is not an absolute path; write the full path on the host, starting with '/'");
        }
        Deque<String> segments = new ArrayDeque<>();
        for (String segment : written.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".")) {
                continue;
            }
            if (segment.equals("..")) {
                if (segments.isEmpty()) {
                    return Checked.refused("climbs above '/' with '..'");
                }
                segments.removeLast();
            } else {
                segments.addLast(segment);
            }
        }
        return Checked.of("/" + String.join("/", segments));
    }

    static boolean hasGlob(String path) {
        return path.indexOf('*') >= 0 || path.indexOf('?') >= 0;
    }
}
