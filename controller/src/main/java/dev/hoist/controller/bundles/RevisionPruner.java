package dev.hoist.controller.bundles;

import dev.hoist.controller.artifacts.BlobStore;
import dev.hoist.controller.core.Refusal;
import dev.hoist.controller.core.deploy.Application;
import dev.hoist.controller.core.deploy.ApplicationStore;
import dev.hoist.controller.core.deploy.Revision;
import dev.hoist.controller.core.deploy.RevisionReferences;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies retention: reads the revisions, what refers to them and the blobs, asks the
 * {@link RetentionPlanner}, and (unless it is a dry run) deletes what the plan names: the revisions'
 * rows first, then the blobs, so that no revision is ever left naming a deleted blob. A dry run returns
 * the same plan and deletes nothing. Runs are serialized: the schedule and the API never prune at once.
 */
public final class RevisionPruner {
    private static final Logger LOG = LoggerFactory.getLogger(RevisionPruner.class);

    private final ApplicationStore applications;
    private final RevisionReferences revisions;
    private final BlobStore blobs;
    private final RetentionPlanner planner;
    private final Clock clock;

    public RevisionPruner(ApplicationStore applications, RevisionReferences revisions, BlobStore blobs,
            RetentionPlanner planner, Clock clock) {
        this.applications = applications;
        this.revisions = revisions;
        this.blobs = blobs;
        this.planner = planner;
        this.clock = clock;
    }

    /**
     * @param application the one application to prune, or null for all (and unreferenced blobs)
     * @throws Refusal {@code APPLICATION_NOT_FOUND}, or {@code ARTIFACT_STORE_UNAVAILABLE}
     */
    public synchronized RetentionPlanner.Plan prune(String application, boolean dryRun) {
        if (application != null && applications.find(application).isEmpty()) {
            throw Refusal.notFound("APPLICATION_NOT_FOUND", "no application named '" + application + "'",
                    Map.of("application", application));
        }
        Map<String, List<Revision>> inScope = new LinkedHashMap<>();
        List<Revision> every = new ArrayList<>();
        for (Application each : applications.list()) {
            List<Revision> all = revisions.all(each.name());
            every.addAll(all);
            if (application == null || application.equals(each.name())) {
                inScope.put(each.name(), all);
            }
        }
        try {
            List<BlobStore.BlobInfo> stored = new ArrayList<>();
            blobs.list(stored::add);
            RetentionPlanner.Plan plan = planner.plan(inScope, every, revisions.protectedRevisions(), stored,
                    application == null, clock.instant());
            if (!dryRun) {
                apply(plan);
            }
            return plan;
        } catch (BlobStore.BlobStoreUnavailableException e) {
            throw RevisionIntake.storeUnavailable(e);
        } catch (IOException e) {
            throw new Refusal(Refusal.Kind.UNAVAILABLE, "ARTIFACT_STORE_UNAVAILABLE", "the artifact store ("
                    + blobs.location() + ") failed: " + e.getMessage(), Map.of());
        }
    }

    private void apply(RetentionPlanner.Plan plan) throws IOException {
        // Read again just before deleting: a deployment created since the plan was made keeps its revision.
        Map<String, List<String>> protectedNow = revisions.protectedRevisions();
        Set<String> keptDigests = new HashSet<>();
        for (RetentionPlanner.RevisionGoing going : plan.revisions()) {
            if (protectedNow.containsKey(going.revision().id())) {
                LOG.info("Kept revision {}: since the plan, {}", going.revision().id(),
                        protectedNow.get(going.revision().id()));
                keptDigests.add(going.revision().sha256());
                continue;
            }
            revisions.delete(going.revision().id());
            LOG.info("Pruned revision {} of {}: {}", going.revision().id(), going.revision().application(),
                    going.reason());
        }
        for (RetentionPlanner.BlobGoing going : plan.blobs()) {
            if (keptDigests.contains(going.blob().sha256())) {
                LOG.info("Kept blob {}: a revision that names it was kept", going.blob().sha256());
                continue;
            }
            blobs.delete(going.blob().sha256());
            LOG.info("Deleted blob {} ({} bytes) from {}: {}", going.blob().sha256(), going.blob().sizeBytes(),
                    blobs.location(), going.reason());
        }
    }
}
