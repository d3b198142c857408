package dev.hoist.controller.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hoist.controller.artifacts.BlobStore;
import dev.hoist.controller.artifacts.DirectoryBlobStore;
import dev.hoist.controller.bundles.RetentionPlanner;
import dev.hoist.controller.bundles.RevisionPruner;
import dev.hoist.controller.core.deploy.Application;
import dev.hoist.controller.core.deploy.AutoRollback;
import dev.hoist.controller.core.deploy.DeploymentGroup;
import dev.hoist.controller.core.deploy.Revision;
import dev.hoist.controller.core.deploy.RevisionReferences;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Retention through the real store and a real directory artifact store: what goes, what always stays, and
 * that a dry run lists exactly what a prune then deletes. Run on every database Hoist supports.
 */
abstract class RevisionRetentionContract {
    private static final Instant T0 = Instant.parse("2025-01-01T10:00:00Z");

    @TempDir
    Path blobsDir;

    private Jdbi jdbi;
    private JdbiRevisionStore revisions;
    private JdbiApplicationStore applications;
    private BlobStore blobs;
    private final Map<String, String> digestOf = new HashMap<>();

    abstract DataSource freshDatabase() throws Exception;

    @BeforeEach
    void stores() throws Exception {
        DataSource database = freshDatabase();
        new SchemaMigrations(database).migrate();
        jdbi = DatabaseKind.of(database).jdbi(database);
        revisions = new JdbiRevisionStore(jdbi);
        applications = new JdbiApplicationStore(jdbi);
        blobs = new DirectoryBlobStore(blobsDir);
        applications.insert(new Application("web", T0, "admin"));
        applications.insert(new Application("api", T0, "admin"));
        new JdbiDeploymentGroupStore(jdbi).insert(new DeploymentGroup("dg-web", "web", "prod", null,
                List.of("agt-1"), "OneAtATime", AutoRollback.DISABLED, null, List.of(), Duration.ofHours(1), T0));
    }

    /** Pushes r1 (oldest) to r25 (newest) of web; r5 and r10 share their bytes. */
    private void pushTwentyFive() throws IOException {
        for (int i = 1; i <= 25; i++) {
            push("web", "r" + i, i == 5 ? "bytes of r10" : "bytes of r" + i);
        }
    }

    @Test
    void keepsTheNewestAndEveryRevisionSomethingNeedsAndDeletesTheRestWithTheirBlobs() throws IOException {
        pushTwentyFive();
        deployment("d-queued", "r1", "QUEUED", 100);
        deployment("d-old-success", "r4", "SUCCEEDED", 1);
        deployment("d-last-success", "r2", "SUCCEEDED", 2);
        deployment("d-failed-after", "r24", "FAILED", 3);
        hostRunning("agt-1", "r3");

        RetentionPlanner.Plan plan = pruner(20, Duration.ofHours(1), Instant.now().plus(Duration.ofHours(2)))
                .prune("web", false);

        assertThat(plan.revisions()).extracting(going -> going.revision().id()).containsExactly("r5", "r4");
        assertThat(plan.revisions().get(0).reason()).contains("newest 20", "number 21");
        assertThat(revisions.all("web")).extracting(Revision::id).doesNotContain("r4", "r5")
                .contains("r1", "r2", "r3", "r6", "r25").hasSize(23);
        // r5's bytes are r10's too: they stay. r4's go.
        assertThat(plan.blobs()).extracting(going -> going.blob().sha256()).containsExactly(digestOf.get("r4"));
        assertThat(blobs.exists(digestOf.get("r4"))).isFalse();
        assertThat(blobs.exists(digestOf.get("r5"))).isTrue();
        assertThat(blobs.exists(digestOf.get("r1"))).isTrue();
    }

    @Test
    void protectedRevisionsSayWhy() throws IOException {
        pushTwentyFive();
        deployment("d-queued", "r1", "QUEUED", 100);
        deployment("d-last-success", "r2", "SUCCEEDED", 2);
        hostRunning("agt-1", "r3");

        Map<String, List<String>> reasons = revisions.protectedRevisions();

        assertThat(reasons.get("r1")).containsExactly("deployment d-queued is Queued");
        assertThat(reasons.get("r2")).containsExactly("the last successful deployment of group 'prod' "
                + "(its rollback target)");
        assertThat(reasons.get("r3")).containsExactly("installed on hosts of group 'prod'");
        assertThat(revisions.groupsRunning("web")).containsEntry("r3", java.util.Set.of("prod"));
    }

    @Test
    void aDryRunListsExactlyWhatThePruneThenDeletesAndDeletesNothing() throws IOException {
        pushTwentyFive();
        push("api", "a1", "api bytes");
        blobs.put(new ByteArrayInputStream("pushed but never recorded".getBytes(StandardCharsets.UTF_8)),
                1024, null);
        RevisionPruner pruner = pruner(20, Duration.ofHours(1), Instant.now().plus(Duration.ofHours(2)));
        List<String> blobsBefore = storedDigests();

        RetentionPlanner.Plan dryRun = pruner.prune(null, true);

        assertThat(storedDigests()).isEqualTo(blobsBefore);
        assertThat(revisions.all("web")).hasSize(25);
        assertThat(dryRun.revisions()).hasSize(5);
        assertThat(dryRun.blobs()).hasSize(5); // r1-r4, and the blob no revision names; r5's is r10's

        RetentionPlanner.Plan done = pruner.prune(null, false);

        assertThat(done).isEqualTo(dryRun);
        assertThat(revisions.all("web")).hasSize(20);
        assertThat(storedDigests()).hasSize(blobsBefore.size() - 5);
        assertThat(pruner.prune(null, true).revisions()).isEmpty();
    }

    @Test
    void anUnreferencedBlobWithinTheGracePeriodStaysAndAnApplicationScopeLeavesOthersAlone() throws IOException {
        push("api", "a1", "api bytes");
        String orphan = blobs.put(new ByteArrayInputStream("a push in flight".getBytes(StandardCharsets.UTF_8)),
                1024, null).sha256();

        assertThat(pruner(20, Duration.ofHours(1), Instant.now()).prune(null, true).blobs()).isEmpty();
        assertThat(pruner(20, Duration.ofHours(1), Instant.now().plus(Duration.ofHours(2))).prune("api", true)
                .blobs()).isEmpty();
        assertThat(pruner(20, Duration.ofHours(1), Instant.now().plus(Duration.ofHours(2))).prune(null, true)
                .blobs()).extracting(going -> going.blob().sha256()).containsExactly(orphan);
    }

    @Test
    void aRevisionADeploymentTakesUpBetweenPlanAndDeleteKeepsItsBlob() throws IOException {
        pushTwentyFive();
        // The pruner reads the protected revisions twice: to plan, and again just before deleting.
        AtomicInteger reads = new AtomicInteger();
        RevisionReferences deployedMeanwhile = new RevisionReferences() {
            @Override
            public Map<String, List<String>> protectedRevisions() {
                if (reads.incrementAndGet() == 2) {
                    deployment("d-meanwhile", "r4", "QUEUED", 200);
                }
                return revisions.protectedRevisions();
            }

            @Override
            public Map<String, Set<String>> groupsRunning(String application) {
                return revisions.groupsRunning(application);
            }

            @Override
            public List<Revision> all(String application) {
                return revisions.all(application);
            }

            @Override
            public Set<String> referencedDigests() {
                return revisions.referencedDigests();
            }

            @Override
            public void delete(String revisionId) {
                revisions.delete(revisionId);
            }
        };

        RetentionPlanner.Plan plan = new RevisionPruner(applications, deployedMeanwhile, blobs,
                new RetentionPlanner(20, Duration.ofHours(1)),
                Clock.fixed(Instant.now().plus(Duration.ofHours(2)), ZoneOffset.UTC)).prune("web", false);

        assertThat(plan.revisions()).extracting(going -> going.revision().id()).contains("r4");
        assertThat(revisions.all("web")).extracting(Revision::id).contains("r4").doesNotContain("r1", "r3");
        assertThat(blobs.exists(digestOf.get("r4"))).as("the kept revision's blob").isTrue();
        assertThat(blobs.exists(digestOf.get("r3"))).isFalse();
    }

    private RevisionPruner pruner(int keep, Duration grace, Instant now) {
        return new RevisionPruner(applications, revisions, blobs, new RetentionPlanner(keep, grace),
                Clock.fixed(now, ZoneOffset.UTC));
    }

    private void push(String application, String id, String content) throws IOException {
        BlobStore.Stored stored = blobs.put(new ByteArrayInputStream(content.getBytes(StandardCharsets.UTF_8)),
                1024, null);
        digestOf.put(id, stored.sha256());
        revisions.insert(new Revision(id, application, stored.sha256(), stored.sizeBytes(), "tgz", null, null, T0,
                "ci"));
    }

    private void deployment(String id, String revisionId, String status, long createdAt) {
        jdbi.useHandle(handle -> handle.createUpdate("INSERT INTO deployments (id, application, group_name, "
                        + "group_id, revision_id, config_name, minimum_type, minimum_value, status, creator, "
                        + "ignore_stop_failures, created_at) VALUES (:id, 'web', 'prod', 'dg-web', :revision, "
                        + "'OneAtATime', 'HOST_COUNT', 0, :status, 'ci', false, :createdAt)")
                .bind("id", id).bind("revision", revisionId).bind("status", status).bind("createdAt", createdAt)
                .execute());
    }

    private void hostRunning(String agentId, String revisionId) {
        jdbi.useHandle(handle -> handle.createUpdate("INSERT INTO group_hosts (group_id, agent_id, revision_id, "
                        + "last_status, updated_at) VALUES ('dg-web', :agent, :revision, 'SUCCEEDED', 0)")
                .bind("agent", agentId).bind("revision", revisionId).execute());
    }

    private List<String> storedDigests() throws IOException {
        List<String> all = new ArrayList<>();
        blobs.list(info -> all.add(info.sha256()));
        all.sort(null);
        return all;
    }
}
