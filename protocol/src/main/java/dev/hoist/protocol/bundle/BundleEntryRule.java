package dev.hoist.protocol.bundle;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The one rule a bundle's entries must follow, judged the same by the controller when a bundle is pushed
 * and by the agent when it unpacks one, so that a bundle an agent would refuse is refused once, at push,
 * with the entry named. It reads the entries in archive order and remembers what earlier entries made, all
 * lexically: nothing here touches a file system.
 *
 * <p>An entry is refused when:
 * <ul>
 *   <li>its name is empty, holds a NUL, is absolute, climbs above the root through {@code ..}, or has a
 *       segment longer than 255 bytes (the longest file name Linux file systems take);</li>
 *   <li>it is a device file, a FIFO, a socket or any other kind than file, directory, symlink or hard link;</li>
 *   <li>it would be written through a symlink an earlier entry made (the symlink is one of its parents), or
 *       it is a directory where an earlier entry made a symlink or a file, or anything where an earlier
 *       entry made a directory that is not itself a directory, or below an earlier file;</li>
 *   <li>it is a symlink whose target is empty, holds a NUL, is longer than 4095 bytes, is absolute or
 *       climbs out of the root, or (checked in {@link #finish}) leaves the root once the other symlinks of
 *       the bundle it passes through are followed, or passes through more than 40 of them;</li>
 *   <li>it is a hard link whose target is not a regular file (or hard link to one) of an earlier entry:
 *       outside the bundle, absolute, itself, a directory, or a symlink.</li>
 * </ul>
 * A file or symlink may replace an earlier file or symlink of the same name, as {@code tar} does. Not
 * thread-safe: one instance per bundle read.
 */
public final class BundleEntryRule {
    /** Longest file name Linux file systems accept, in bytes. */
    public static final int MAX_SEGMENT_BYTES = 255;
    /** Longest symlink target Linux accepts ({@code PATH_MAX} less the NUL). */
    public static final int MAX_SYMLINK_TARGET_BYTES = 4095;
    /** Linux refuses longer chains (ELOOP) anyway; a bundle needing more is broken or hostile. */
    public static final int MAX_SYMLINK_HOPS = 40;

    /** What an archive entry is. */
    public enum Kind { DIRECTORY, FILE, SYMLINK, HARD_LINK, DEVICE, FIFO, SOCKET, OTHER }

    private final Set<List<String>> directories = new HashSet<>();
    private final Set<List<String>> files = new HashSet<>();
    /** Link path to its target and entry name, in archive order. */
    private final Map<List<String>, Link> symlinks = new LinkedHashMap<>();

    public BundleEntryRule() {
        directories.add(List.of());
    }

    /**
     * Judges the next entry and, when it passes, remembers what it makes.
     *
     * @param linkTarget the target of a symlink or hard link; ignored for other kinds
     * @return the entry's path below the root, reduced lexically ({@code ./a//b/../c} is {@code [a, c]})
     * @throws Refused naming the entry and the rule it breaks
     */
    public List<String> accept(Kind kind, String name, String linkTarget) throws Refused {
        List<String> path = pathOf(name);
        switch (kind) {
            case DEVICE -> throw new Refused(name, "is a device file; bundles may hold only files, directories and links");
            case FIFO -> throw new Refused(name, "is a FIFO (named pipe); bundles may hold only files, directories "
                    + "and links");
            case SOCKET -> throw new Refused(name, "is a socket; bundles may hold only files, directories and links");
            case OTHER -> throw new Refused(name, "is none of file, directory, symlink or hard link");
            default -> {
            }
        }
        if (path.isEmpty()) {
            if (kind == Kind.DIRECTORY) {
                return path;
            }
            throw new Refused(name, "names the bundle root itself, which can only be a directory");
        }
        checkParents(name, path);
        switch (kind) {
            case DIRECTORY -> {
                if (symlinks.containsKey(path)) {
                    throw new Refused(name, "is a directory where an earlier entry made a symlink; entries are never "
                            + "written through symlinks");
                }
                if (files.contains(path)) {
                    throw new Refused(name, "is a directory where an earlier entry made a file");
                }
                directories.add(path);
            }
            case FILE -> {
                clearWayFor(name, path);
                files.add(path);
            }
            case SYMLINK -> {
                checkSymlinkTarget(name, path, linkTarget);
                clearWayFor(name, path);
                symlinks.put(path, new Link(name, linkTarget));
            }
            case HARD_LINK -> {
                checkHardLinkTarget(name, path, linkTarget);
                clearWayFor(name, path);
                files.add(path);
            }
            default -> throw new IllegalStateException(kind.name());
        }
        return path;
    }

    /**
     * Checks every symlink once more by following the symlinks it passes through, as the kernel would,
     * so a chain of individually harmless links cannot point out. Call after the last entry.
     */
    public void finish() throws Refused {
        for (Map.Entry<List<String>, Link> link : symlinks.entrySet()) {
            checkResolvesInside(link.getKey(), link.getValue());
        }
    }

    /** The entry name reduced to segments below the root, or refused. */
    public static List<String> pathOf(String name) throws Refused {
        if (name == null || name.isEmpty()) {
            throw new Refused(String.valueOf(name), "has an empty name");
        }
        if (name.indexOf('\0') >= 0) {
            throw new Refused(name, "contains a NUL character, which no file name may hold");
        }
        if (name.startsWith("/")) {
            throw new Refused(name, "is an absolute path; entries must be relative to the bundle root");
        }
        List<String> reduced = EntryNames.reduce(List.of(), name);
        if (reduced == null) {
            throw new Refused(name, "climbs out of the bundle root through '..'; entries must stay inside the bundle");
        }
        for (String segment : reduced) {
            if (segment.getBytes(StandardCharsets.UTF_8).length > MAX_SEGMENT_BYTES) {
                throw new Refused(name, "has a path segment longer than " + MAX_SEGMENT_BYTES + " bytes");
            }
        }
        return List.copyOf(reduced);
    }

    private void checkParents(String name, List<String> path) throws Refused {
        for (int depth = 1; depth < path.size(); depth++) {
            List<String> parent = path.subList(0, depth);
            if (symlinks.containsKey(parent)) {
                throw new Refused(name, "would be written through the symlink '" + String.join("/", parent)
                        + "' made by an earlier entry; entries are never written through symlinks");
            }
            if (files.contains(parent)) {
                throw new Refused(name, "needs '" + String.join("/", parent) + "' to be a directory, but an earlier "
                        + "entry made it a file");
            }
        }
        for (int depth = 1; depth < path.size(); depth++) {
            directories.add(List.copyOf(path.subList(0, depth)));
        }
    }

    private void clearWayFor(String name, List<String> path) throws Refused {
        if (directories.contains(path)) {
            throw new Refused(name, "is not a directory, but an earlier entry made '" + String.join("/", path)
                    + "' a directory");
        }
        files.remove(path);
        symlinks.remove(path);
    }

    private static void checkSymlinkTarget(String name, List<String> path, String target) throws Refused {
        if (target == null || target.isEmpty()) {
            throw new Refused(name, "is a symlink with an empty target");
        }
        if (target.indexOf('\0') >= 0 || target.getBytes(StandardCharsets.UTF_8).length > MAX_SYMLINK_TARGET_BYTES) {
            throw new Refused(name, "is a symlink whose target holds a NUL character or is longer than "
                    + MAX_SYMLINK_TARGET_BYTES + " bytes");
        }
        if (target.startsWith("/")) {
            throw new Refused(name, "is a symlink to the absolute path '" + target + "', outside the bundle; "
                    + "symlinks must point inside the bundle with a relative target");
        }
        if (EntryNames.reduce(path.subList(0, path.size() - 1), target) == null) {
            throw new Refused(name, "is a symlink to '" + target + "', which resolves outside the bundle root; "
                    + "symlinks must point inside the bundle");
        }
    }

    private void checkHardLinkTarget(String name, List<String> path, String target) throws Refused {
        List<String> segments = target == null || target.startsWith("/") || target.indexOf('\0') >= 0
                ? null : EntryNames.reduce(List.of(), target);
        if (segments == null) {
            throw new Refused(name, "is a hard link to '" + target + "', outside the bundle; hard links must point "
                    + "at an earlier file of the bundle");
        }
        if (segments.equals(path)) {
            throw new Refused(name, "is a hard link to itself");
        }
        if (symlinks.containsKey(segments)) {
            throw new Refused(name, "is a hard link to the symlink '" + target + "'; hard links must point at an "
                    + "earlier regular file of the bundle");
        }
        if (!files.contains(segments)) {
            throw new Refused(name, "is a hard link to '" + target + "', which is not a regular file of an earlier "
                    + "entry; hard links must point at an earlier file of the bundle");
        }
    }

    private void checkResolvesInside(List<String> linkPath, Link link) throws Refused {
        Deque<String> pending = new ArrayDeque<>();
        pushFront(pending, link.target());
        List<String> current = new ArrayList<>(linkPath.subList(0, linkPath.size() - 1));
        int hops = 1;
        while (!pending.isEmpty()) {
            String segment = pending.removeFirst();
            if (segment.isEmpty() || segment.equals(".")) {
                continue;
            }
            if (segment.equals("..")) {
                if (current.isEmpty()) {
                    throw new Refused(link.entryName(), "is a symlink to '" + link.target() + "', which resolves "
                            + "outside the bundle root once the symlinks it passes through are followed; symlinks "
                            + "must point inside the bundle");
                }
                current.remove(current.size() - 1);
                continue;
            }
            current.add(segment);
            Link next = symlinks.get(current);
            if (next != null) {
                if (++hops > MAX_SYMLINK_HOPS) {
                    throw new Refused(link.entryName(), "is a symlink to '" + link.target() + "' that passes through "
                            + "more than " + MAX_SYMLINK_HOPS + " symlinks (a loop?)");
                }
                current.remove(current.size() - 1);
                pushFront(pending, next.target());
            }
        }
    }

    private static void pushFront(Deque<String> pending, String target) {
        String[] segments = target.split("/", -1);
        for (int i = segments.length - 1; i >= 0; i--) {
            pending.addFirst(segments[i]);
        }
    }

    private record Link(String entryName, String target) {
    }

    /** An entry breaks the rule: {@link #getMessage()} is {@code entry 'NAME' RULE}. */
    public static final class Refused extends Exception {
        private final String entryName;
        private final String rule;

        public Refused(String entryName, String rule) {
            super("entry '" + entryName + "' " + rule, null, false, false);
            this.entryName = entryName;
            this.rule = rule;
        }

        public String entryName() {
            return entryName;
        }

        /** The rule alone, without the entry's name. */
        public String rule() {
            return rule;
        }
    }
}
