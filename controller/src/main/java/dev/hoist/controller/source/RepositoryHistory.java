package dev.hoist.controller.source;

import dev.hoist.api.RepositoryView.BranchView;
import dev.hoist.api.RepositoryView.CommitView;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;

/** Reads a bare repository's branches, its default branch and a branch's latest commits. */
final class RepositoryHistory {
    static final int MAX_COMMITS = 200;

    private RepositoryHistory() {
    }

    /** The branches, by name, each with its head commit. */
    static List<BranchView> branches(Repository repository) throws IOException {
        List<BranchView> branches = new ArrayList<>();
        for (Ref ref : repository.getRefDatabase().getRefsByPrefix(Constants.R_HEADS)) {
            ObjectId id = ref.getObjectId();
            if (id != null) {
                branches.add(new BranchView(ref.getName().substring(Constants.R_HEADS.length()), id.name()));
            }
        }
        branches.sort((a, b) -> a.name().compareTo(b.name()));
        return branches;
    }

    /**
     * The branch HEAD names when it exists; else {@code main}, {@code master} or the first branch; {@code null}
     * for a repository without branches.
     */
    static String defaultBranch(Repository repository, List<BranchView> branches) throws IOException {
        Ref head = repository.exactRef(Constants.HEAD);
        if (head != null && head.isSymbolic()) {
            String target = head.getTarget().getName();
            if (target.startsWith(Constants.R_HEADS)) {
                String name = target.substring(Constants.R_HEADS.length());
                if (branches.stream().anyMatch(branch -> branch.name().equals(name))) {
                    return name;
                }
            }
        }
        for (String usual : List.of("main", "master")) {
            if (branches.stream().anyMatch(branch -> branch.name().equals(usual))) {
                return usual;
            }
        }
        return branches.isEmpty() ? null : branches.get(0).name();
    }

    /** The latest {@code limit} commits reachable from {@code head}, newest first. */
    static List<CommitView> commits(Repository repository, ObjectId head, int limit) throws IOException {
        List<CommitView> commits = new ArrayList<>();
        try (RevWalk walk = new RevWalk(repository)) {
            walk.markStart(walk.parseCommit(head));
            for (RevCommit commit : walk) {
                if (commits.size() >= limit) {
                    break;
                }
                commits.add(new CommitView(commit.name(), commit.getAuthorIdent().getName(),
                        firstLine(commit.getFullMessage()), Instant.ofEpochSecond(commit.getCommitTime())));
            }
        }
        return commits;
    }

    private static String firstLine(String message) {
        String trimmed = message.strip();
        int newline = trimmed.indexOf('\n');
        String line = newline < 0 ? trimmed : trimmed.substring(0, newline).strip();
        return line.length() > 200 ? line.substring(0, 200) + "…" : line;
    }
}
