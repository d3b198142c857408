package dev.hoist.agent.bundle;

import dev.hoist.protocol.bundle.BundleEntryRule;
import dev.hoist.protocol.bundle.BundleEntryRule.Kind;
import dev.hoist.protocol.deploy.FailureClass;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes the entries of one bundle below a fresh root directory, enforcing the rules that keep hostile
 * archives inside it. Format readers only translate their entries into calls here.
 *
 * <p>Invariants, which together mean nothing is ever written outside the root:
 * <ul>
 *   <li>Every path is reduced lexically by {@link EntryPath} and written by that reduced name; the file
 *       system never sees a {@code ..} from an archive.</li>
 *   <li>No entry is written through a symlink: every parent of an entry is a real directory made by
 *       this writer, and files are created with {@code CREATE_NEW}, which never follows a link.</li>
 *   <li>A directory, once made, is never replaced, so a checked parent stays a directory.</li>
 *   <li>Symlinks are checked lexically when written and, in {@link #finish()}, once more by following
 *       every link they pass through, so a chain of individually harmless links cannot point out.</li>
 * </ul>
 * Only this writer touches the root while it works, so its own record of what it made is the truth.
 */
final class SafeTreeWriter {

    /** Linux refuses longer chains (ELOOP) anyway; a bundle needing more is broken or hostile. */
    private static final int DEFAULT_FILE_MODE = 0644;
    private static final int DEFAULT_DIRECTORY_MODE = 0755;
    private static final int BUFFER_SIZE = 64 * 1024;
    private static final LinkOption[] NO_FOLLOW = {LinkOption.NOFOLLOW_LINKS};

    private final Path root;
    private final ExtractionBudget budget;
    private final byte[] buffer = new byte[BUFFER_SIZE];
    private final Set<EntryPath> directories = new HashSet<>();
    private final Map<EntryPath, DirectoryAttributes> directoryAttributes = new HashMap<>();
    /** The rule the controller also applies at push: judged first, before the file system is touched. */
    private final BundleEntryRule rule = new BundleEntryRule();

    SafeTreeWriter(Path root, ExtractionBudget budget) {
        this.root = root;
        this.budget = budget;
        directories.add(new EntryPath(List.of()));
    }

    /**
     * A directory entry. Its mode and mtime are applied in {@link #finish()}, so a read-only directory
     * can still receive the entries that follow it.
     *
     * @param mode permission bits, or -1 for the default (0755)
     * @param mtime or {@code null} to leave the time of creation
     */
    void directory(String entryName, int mode, FileTime mtime) throws BundleException {
        EntryPath path = begin(Kind.DIRECTORY, entryName, null);
        if (path.isRoot()) {
            return; // "./": the root is ours, its mode is not the archive's to set
        }
        makeParents(path, entryName);
        makeDirectory(path, entryName, path);
        directoryAttributes.put(path, new DirectoryAttributes(mode, mtime));
    }

    /**
     * A regular file, its bytes read from {@code content} until its end and counted as they are
     * written. A file or symlink of the same name from an earlier entry is replaced (as tar does).
     *
     * @param mode permission bits, or -1 for the default (0644)
     * @throws IOException only when reading {@code content} fails (a corrupt archive)
     */
    void file(String entryName, InputStream content, int mode, FileTime mtime)
            throws BundleException, IOException {
        EntryPath path = begin(Kind.FILE, entryName, null);
        refuseRoot(path, entryName);
        makeParents(path, entryName);
        Path file = clearWayFor(path, entryName);
        IOException readFailure;
        try (OutputStream out = new BufferedOutputStream(
                Files.newOutputStream(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                BUFFER_SIZE)) {
            readFailure = copy(content, out, entryName);
        } catch (IOException e) {
            throw Refusals.cannotWrite(entryName, file, e);
        }
        if (readFailure != null) {
            throw readFailure;
        }
        applyAttributes(file, entryName, mode < 0 ? DEFAULT_FILE_MODE : mode, mtime);
    }

    /** A symbolic link; its target must be relative and stay inside the root. */
    void symlink(String entryName, String target) throws BundleException {
        // The rule (begin) has refused empty, absolute, over-long and escaping targets.
        EntryPath path = begin(Kind.SYMLINK, entryName, target);
        refuseRoot(path, entryName);
        makeParents(path, entryName);
        Path link = clearWayFor(path, entryName);
        try {
            Files.createSymbolicLink(link, link.getFileSystem().getPath(target));
        } catch (IOException e) {
            throw Refusals.cannotWrite(entryName, link, e);
        }
    }

    /** A hard link; {@code targetName} must name a regular file written by an earlier entry. */
    void hardLink(String entryName, String targetName) throws BundleException {
        // The rule (begin) has refused a target that is not an earlier regular file of the bundle, or itself.
        EntryPath path = begin(Kind.HARD_LINK, entryName, targetName);
        refuseRoot(path, entryName);
        EntryPath target = new EntryPath(EntryPath.reduce(List.of(), targetName));
        makeParents(path, entryName);
        Path link = clearWayFor(path, entryName);
        try {
            Files.createLink(link, resolve(target));
        } catch (IOException e) {
            throw Refusals.cannotWrite(entryName, link, e);
        }
    }

    /**
     * Checks every symlink once more by following the links it passes through, then applies directory
     * modes and mtimes, deepest first (a directory without search permission must come last).
     */
    void finish() throws BundleException {
        try {
            rule.finish(); // every symlink followed through the others, as the kernel would
        } catch (BundleEntryRule.Refused e) {
            throw Refusals.entry(e.entryName(), e.rule());
        }
        List<EntryPath> deepestFirst = new ArrayList<>(directories);
        deepestFirst.sort(Comparator.comparingInt(EntryPath::depth).reversed());
        for (EntryPath path : deepestFirst) {
            if (path.isRoot()) {
                continue;
            }
            DirectoryAttributes attributes = directoryAttributes.get(path);
            int mode = attributes == null || attributes.mode() < 0 ? DEFAULT_DIRECTORY_MODE : attributes.mode();
            applyAttributes(resolve(path), path.toString(), mode, attributes == null ? null : attributes.mtime());
        }
    }

    /** An entry of a kind no bundle may hold (device, FIFO, socket, other): refused by the rule. */
    void unsupported(Kind kind, String entryName) throws BundleException {
        begin(kind, entryName, null);
        throw new IllegalStateException("the bundle rule accepted a " + kind + " entry");
    }

    private EntryPath begin(Kind kind, String entryName, String linkTarget) throws BundleException {
        if (Thread.currentThread().isInterrupted()) {
            throw new BundleException(FailureClass.CANCELLED, "extraction interrupted before entry '"
                    + entryName + "'");
        }
        budget.countEntry(entryName);
        try {
            rule.accept(kind, entryName, linkTarget);
        } catch (BundleEntryRule.Refused e) {
            throw Refusals.entry(e.entryName(), e.rule());
        }
        return EntryPath.of(entryName);
    }

    private static void refuseRoot(EntryPath path, String entryName) throws BundleException {
        if (path.isRoot()) {
            throw Refusals.entry(entryName, "names the bundle root itself, which can only be a directory");
        }
    }

    /** Makes sure every parent of {@code path} is a real directory, creating missing ones. */
    private void makeParents(EntryPath path, String entryName) throws BundleException {
        for (int depth = 1; depth < path.depth(); depth++) {
            EntryPath parent = path.prefix(depth);
            if (!directories.contains(parent)) {
                makeDirectory(parent, entryName, path);
            }
        }
    }

    private void makeDirectory(EntryPath dir, String entryName, EntryPath entryPath) throws BundleException {
        Path where = resolve(dir);
        BasicFileAttributes existing = lstat(where, entryName);
        if (existing == null) {
            try {
                Files.createDirectory(where);
            } catch (IOException e) {
                throw Refusals.cannotWrite(entryName, where, e);
            }
        } else if (existing.isSymbolicLink()) {
            throw Refusals.entry(entryName, dir.equals(entryPath)
                    ? "is a directory where an earlier entry made a symlink; entries are never written through symlinks"
                    : "would be written through the symlink '" + dir + "' made by an earlier entry;"
                            + " entries are never written through symlinks");
        } else if (!existing.isDirectory()) {
            throw Refusals.entry(entryName, "needs '" + dir
                    + "' to be a directory, but an earlier entry made it a file");
        }
        directories.add(dir);
    }

    /** Removes an earlier file or symlink of the same name; refuses to replace a directory. */
    private Path clearWayFor(EntryPath path, String entryName) throws BundleException {
        Path where = resolve(path);
        if (directories.contains(path)) {
            throw Refusals.entry(entryName, "is not a directory, but an earlier entry made '" + path
                    + "' a directory");
        }
        BasicFileAttributes existing = lstat(where, entryName);
        if (existing != null) {
            try {
                Files.delete(where); // removes a link itself, never what it points to
            } catch (IOException e) {
                throw Refusals.cannotWrite(entryName, where, e);
            }
        }
        return where;
    }

    /** Copies until the end of {@code content}; returns a read failure rather than throwing it. */
    private IOException copy(InputStream content, OutputStream out, String entryName)
            throws BundleException, IOException {
        while (true) {
            int n;
            try {
                n = content.read(buffer);
            } catch (IOException e) {
                return e;
            }
            if (n < 0) {
                return null;
            }
            budget.countBytes(entryName, n);
            out.write(buffer, 0, n);
        }
    }

    private static void applyAttributes(Path path, String entryName, int mode, FileTime mtime)
            throws BundleException {
        PosixFileAttributeView view = Files.getFileAttributeView(path, PosixFileAttributeView.class, NO_FOLLOW);
        try {
            if (mtime != null) {
                view.setTimes(mtime, null, null);
            }
            view.setPermissions(permissions(mode));
        } catch (IOException e) {
            throw Refusals.cannotWrite(entryName, path, e);
        }
    }

    /**
     * The nine permission bits only: set-user-ID, set-group-ID and sticky bits from an archive are
     * dropped, so a bundle cannot mint privileged programs (an AppSpec {@code permissions} section can
     * still set them deliberately).
     */
    static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] bits = {
            PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
            PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
            PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ,
        };
        for (int i = 0; i < bits.length; i++) {
            if ((mode & (1 << i)) != 0) {
                set.add(bits[i]);
            }
        }
        return set;
    }

    private static BasicFileAttributes lstat(Path path, String entryName) throws BundleException {
        try {
            return Files.readAttributes(path, BasicFileAttributes.class, NO_FOLLOW);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw Refusals.cannotWrite(entryName, path, e);
        }
    }

    private Path resolve(EntryPath path) {
        return path.isRoot() ? root : root.resolve(path.toString());
    }

    private record DirectoryAttributes(int mode, FileTime mtime) {
    }
}
