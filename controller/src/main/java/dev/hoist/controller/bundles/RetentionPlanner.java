package dev.hoist.controller.bundles;

import dev.hoist.controller.artifacts.BlobStore;
import dev.hoist.controller.core.deploy.Revision;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Decides what retention deletes, as a pure function of the revisions, what refers to them, and the
 * blobs in the store; {@link RevisionPruner} applies the answer. The rules:
 * <ol>
 *   <li>Each application in scope keeps its newest {@code keepLast} revisions.</li>
 *   <li>Older ones go, except a revision that something still needs (a deployment not yet finished, a
 *       group's last successful deployment, which is its rollback target, hosts that have it installed):
 *       those stay whatever their age.</li>
 *   <li>A blob goes when no revision that stays names it (of any application) and it is older than the
 *       grace period: a blob just stored may belong to a push that is recording its revision right now.
 *       With an application in scope only the blobs of its pruned revisions are considered; without one,
 *       every unreferenced blob.</li>
 * </ol>
 */
public final class RetentionPlanner {
    private final int keepLast;
    private final Duration grace;

    public RetentionPlanner(int keepLast, Duration grace) {
        this.keepLast = keepLast;
        this.grace = grace;
    }

    /**
     * @param inScope the revisions of the applications being pruned, per application, newest first
     * @param everyRevision every revision of every application (the blobs they name stay)
     * @param protectedRevisions revision id to why it must stay
     * @param blobs every blob in the store
     * @param wholeStore {@code true} when no application was named: unreferenced blobs of nobody go too
     */
    public Plan plan(Map<String, List<Revision>> inScope, Collection<Revision> everyRevision,
            Map<String, List<String>> protectedRevisions, Collection<BlobStore.BlobInfo> blobs, boolean wholeStore,
            Instant now) {
        List<RevisionGoing> going = new ArrayList<>();
        Set<String> goingIds = new HashSet<>();
        for (Map.Entry<String, List<Revision>> application : inScope.entrySet()) {
            List<Revision> newestFirst = application.getValue();
            for (int i = keepLast; i < newestFirst.size(); i++) {
                Revision revision = newestFirst.get(i);
                if (protectedRevisions.containsKey(revision.id())) {
                    continue;
                }
                going.add(new RevisionGoing(revision, "older than the newest " + keepLast + " revisions of "
                        + "application '" + application.getKey() + "' (number " + (i + 1) + ") and nothing "
                        + "deploys it, rolls back to it or runs it"));
                goingIds.add(revision.id());
            }
        }
        Set<String> stillNamed = new HashSet<>();
        Map<String, List<String>> prunedNaming = new HashMap<>();
        for (Revision revision : everyRevision) {
            if (goingIds.contains(revision.id())) {
                prunedNaming.computeIfAbsent(revision.sha256(), k -> new ArrayList<>()).add(revision.id());
            } else {
                stillNamed.add(revision.sha256());
            }
        }
        List<BlobGoing> blobsGoing = new ArrayList<>();
        for (BlobStore.BlobInfo blob : blobs) {
            if (stillNamed.contains(blob.sha256())) {
                continue;
            }
            List<String> pruned = prunedNaming.get(blob.sha256());
            if (pruned == null && !wholeStore) {
                continue;
            }
            if (blob.storedAt() != null && blob.storedAt().plus(grace).isAfter(now)) {
                continue;
            }
            blobsGoing.add(new BlobGoing(blob, pruned != null
                    ? "only pruned revisions name it (" + String.join(", ", pruned) + ")"
                    : "no revision names it, and it was stored more than " + describe(grace) + " ago"));
        }
        return new Plan(going, blobsGoing);
    }

    private static String describe(Duration duration) {
        return duration.toString().substring(2).toLowerCase();
    }

    public record RevisionGoing(Revision revision, String reason) {
    }

    public record BlobGoing(BlobStore.BlobInfo blob, String reason) {
    }

    public record Plan(List<RevisionGoing> revisions, List<BlobGoing> blobs) {
        public Plan {
            revisions = List.copyOf(revisions);
            blobs = List.copyOf(blobs);
        }

        public long bytesFreed() {
            return blobs.stream().mapToLong(b -> b.blob().sizeBytes()).sum();
        }
    }
}
