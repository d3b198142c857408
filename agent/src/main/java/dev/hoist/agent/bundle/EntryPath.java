package dev.hoist.agent.bundle;

import dev.hoist.protocol.bundle.EntryNames;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * An archive entry's name reduced to plain segments below the bundle root, or a refusal saying why
 * it cannot be one. The reduction is lexical on purpose: the writer never lets the file system
 * interpret {@code ..} or follow a link, so what is checked here is exactly what gets written.
 */
record EntryPath(List<String> segments) {

    /** Longest file name Linux file systems accept, in bytes. */
    private static final int MAX_SEGMENT_BYTES = 255;

    EntryPath {
        segments = List.copyOf(segments);
    }

    /**
     * Reduces an entry name ({@code ./a//b/../c/} becomes {@code a/c}).
     *
     * @throws BundleException naming {@code entryName} and the rule when the name is absolute, climbs
     *     out of the root through {@code ..}, or holds a character no file name may hold
     */
    static EntryPath of(String entryName) throws BundleException {
        if (entryName.isEmpty()) {
            throw Refusals.entry(entryName, "has an empty name");
        }
        if (entryName.indexOf('\0') >= 0) {
            throw Refusals.entry(entryName, "contains a NUL character, which no file name may hold");
        }
        if (entryName.startsWith("/")) {
            throw Refusals.entry(entryName,
                    "is an absolute path; entries must be relative to the bundle root");
        }
        List<String> reduced = reduce(new ArrayList<>(), entryName);
        if (reduced == null) {
            throw Refusals.entry(entryName,
                    "climbs out of the bundle root through '..'; entries must stay inside the bundle");
        }
        for (String segment : reduced) {
            if (segment.getBytes(StandardCharsets.UTF_8).length > MAX_SEGMENT_BYTES) {
                throw Refusals.entry(entryName,
                        "has a path segment longer than " + MAX_SEGMENT_BYTES + " bytes");
            }
        }
        return new EntryPath(reduced);
    }

    /**
     * Appends {@code relative}'s segments to {@code base}, resolving {@code .} and {@code ..} lexically;
     * returns {@code null} when a {@code ..} would climb above the root.
     */
    static List<String> reduce(List<String> base, String relative) {
        return EntryNames.reduce(base, relative);
    }

    boolean isRoot() {
        return segments.isEmpty();
    }

    EntryPath parent() {
        return new EntryPath(segments.subList(0, Math.max(0, segments.size() - 1)));
    }

    /** The first {@code count} segments. */
    EntryPath prefix(int count) {
        return new EntryPath(segments.subList(0, count));
    }

    int depth() {
        return segments.size();
    }

    @Override
    public String toString() {
        return String.join("/", segments);
    }
}
