package dev.hoist.controller.source;

import dev.hoist.controller.core.Refusal;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.errors.RepositoryNotFoundException;
import org.eclipse.jgit.lib.AbbreviatedObjectId;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectLoader;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * A source repository's tree at one commit, for builds and pipelines: {@link #resolve} turns what was asked
 * for (a branch, a commit, or neither: the default branch) into a full sha, refusing with specific codes, and
 * {@link #writeTarGz} packs the tree at that commit (files with their executable bit, symlinks, directories;
 * no {@code .git}; a submodule is an empty directory).
 */
public final class SourceSnapshots {
    private static final Pattern HEX = Pattern.compile("[0-9a-fA-F]{4,40}");

    private final SourceRepositories repositories;

    SourceSnapshots(SourceRepositories repositories) {
        this.repositories = repositories;
    }

    /** {@code ref} is a branch name or a commit sha (full or abbreviated); {@code null}: the default branch. */
    public ResolvedCommit resolve(String repository, String ref) {
        if (ref != null && HEX.matcher(ref).matches() && branchOf(repository, ref) == null) {
            return resolve(repository, null, ref);
        }
        return resolve(repository, ref, null);
    }

    /**
     * The commit {@code commit} (which must be on {@code branch} when both are given), else the head of
     * {@code branch}, else the head of the default branch.
     */
    public ResolvedCommit resolve(String repository, String branch, String commit) {
        SourceRepository source = repositories.require(repository);
        try (Repository git = repositories.directories().open(source.name()); RevWalk walk = new RevWalk(git)) {
            String branchName = branch == null || branch.isBlank() ? null : branch.strip();
            if (branchName == null && commit == null) {
                branchName = RepositoryHistory.defaultBranch(git, RepositoryHistory.branches(git));
                if (branchName == null) {
                    throw Refusal.conflict("REPOSITORY_EMPTY", "repository '" + repository + "' has no branches yet; "
                            + "push one first (git push " + "<clone URL> main)", Map.of("repository", repository));
                }
            }
            RevCommit head = null;
            if (branchName != null) {
                Ref ref = git.exactRef(Constants.R_HEADS + branchName);
                if (ref == null || ref.getObjectId() == null) {
                    throw Refusal.notFound("BRANCH_NOT_FOUND", "repository '" + repository + "' has no branch '"
                            + branchName + "'; see its branches with: hoist repo get " + repository,
                            details(repository, "branch", branchName));
                }
                head = walk.parseCommit(ref.getObjectId());
            }
            if (commit == null) {
                return new ResolvedCommit(repository, head.name(), branchName);
            }
            RevCommit wanted = walk.parseCommit(commitId(git, repository, commit.strip()));
            if (head != null && !walk.isMergedInto(wanted, head)) {
                throw Refusal.notFound("COMMIT_NOT_ON_BRANCH", "commit " + wanted.name() + " is not on branch '"
                        + branchName + "' of '" + repository + "'", details(repository, "commit", commit));
            }
            return new ResolvedCommit(repository, wanted.name(), branchName);
        } catch (RepositoryNotFoundException e) {
            throw missingDirectory(repository);
        } catch (MissingObjectException | org.eclipse.jgit.errors.IncorrectObjectTypeException e) {
            throw commitNotFound(repository, commit);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String branchOf(String repository, String name) {
        SourceRepository source = repositories.require(repository);
        try (Repository git = repositories.directories().open(source.name())) {
            Ref ref = git.exactRef(Constants.R_HEADS + name);
            return ref == null ? null : name;
        } catch (RepositoryNotFoundException e) {
            throw missingDirectory(repository);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ObjectId commitId(Repository git, String repository, String commit) throws IOException {
        if (!HEX.matcher(commit).matches()) {
            throw Refusal.invalid("INVALID_COMMIT", "'" + commit + "' is not a commit sha: give 4 to 40 hex digits",
                    details(repository, "commit", commit));
        }
        if (commit.length() == Constants.OBJECT_ID_STRING_LENGTH) {
            return ObjectId.fromString(commit);
        }
        try (ObjectReader reader = git.newObjectReader()) {
            var candidates = reader.resolve(AbbreviatedObjectId.fromString(commit));
            if (candidates.size() > 1) {
                throw Refusal.invalid("AMBIGUOUS_COMMIT", "'" + commit + "' names " + candidates.size() + " objects in '"
                        + repository + "'; give more digits", details(repository, "commit", commit));
            }
            if (candidates.isEmpty()) {
                throw commitNotFound(repository, commit);
            }
            return candidates.iterator().next();
        }
    }

    /** Writes the tree at {@code commit} as a gzipped tar, paths relative to the tree's root. */
    public void writeTarGz(ResolvedCommit commit, OutputStream out) throws IOException {
        try (Repository git = repositories.directories().open(commit.repository()); RevWalk walk = new RevWalk(git);
                TreeWalk tree = new TreeWalk(git)) {
            RevCommit revision = walk.parseCommit(ObjectId.fromString(commit.sha()));
            long modified = revision.getCommitTime() * 1000L;
            GzipCompressorOutputStream gzip = new GzipCompressorOutputStream(new NonClosing(out));
            try (TarArchiveOutputStream tar = new TarArchiveOutputStream(gzip, "UTF-8")) {
                tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
                tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
                tree.addTree(revision.getTree());
                tree.setRecursive(false);
                while (tree.next()) {
                    write(git, tree, tar, modified);
                }
                tar.finish();
            }
        } catch (RepositoryNotFoundException e) {
            throw missingDirectory(commit.repository());
        }
    }

    private static void write(Repository git, TreeWalk tree, TarArchiveOutputStream tar, long modified)
            throws IOException {
        String path = tree.getPathString();
        FileMode mode = tree.getFileMode(0);
        if (mode == FileMode.TREE) {
            tar.putArchiveEntry(entry(path + "/", TarConstants.LF_DIR, 040755, modified));
            tar.closeArchiveEntry();
            tree.enterSubtree();
        } else if (mode == FileMode.GITLINK) {
            tar.putArchiveEntry(entry(path + "/", TarConstants.LF_DIR, 040755, modified));
            tar.closeArchiveEntry();
        } else if (mode == FileMode.SYMLINK) {
            ObjectLoader loader = git.open(tree.getObjectId(0), Constants.OBJ_BLOB);
            TarArchiveEntry link = entry(path, TarConstants.LF_SYMLINK, 0120777, modified);
            link.setLinkName(new String(loader.getCachedBytes(4096), java.nio.charset.StandardCharsets.UTF_8));
            tar.putArchiveEntry(link);
            tar.closeArchiveEntry();
        } else {
            ObjectLoader loader = git.open(tree.getObjectId(0), Constants.OBJ_BLOB);
            int permissions = mode == FileMode.EXECUTABLE_FILE ? 0100755 : 0100644;
            TarArchiveEntry file = entry(path, TarConstants.LF_NORMAL, permissions, modified);
            file.setSize(loader.getSize());
            tar.putArchiveEntry(file);
            loader.copyTo(tar);
            tar.closeArchiveEntry();
        }
    }

    private static TarArchiveEntry entry(String path, byte type, int mode, long modified) {
        TarArchiveEntry entry = new TarArchiveEntry(path, type);
        entry.setMode(mode);
        entry.setModTime(modified);
        return entry;
    }

    private static Refusal commitNotFound(String repository, String commit) {
        return Refusal.notFound("COMMIT_NOT_FOUND", "repository '" + repository + "' has no commit '" + commit
                + "'; see its latest commits with: hoist repo get " + repository,
                details(repository, "commit", commit == null ? "" : commit));
    }

    private Refusal missingDirectory(String repository) {
        return new Refusal(Refusal.Kind.CONFLICT, "REPOSITORY_DIRECTORY_MISSING", "repository '" + repository
                + "' is registered but its directory " + repositories.directories().directory(repository)
                + " is gone; restore it from a backup, or delete the repository and create it again",
                Map.of("repository", repository));
    }

    private static Map<String, Object> details(String repository, String key, String value) {
        Map<String, Object> details = new HashMap<>();
        details.put("repository", repository);
        details.put(key, value);
        return details;
    }

    /** Closing the archive finishes the gzip stream but leaves the caller's stream open. */
    private static final class NonClosing extends java.io.FilterOutputStream {
        NonClosing(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            out.write(bytes, offset, length);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
