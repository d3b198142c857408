package dev.hoist.controller.core.deploy;

import java.util.List;
import java.util.Map;
import java.util.Set;

/** What refers to revisions, for retention and for showing where a revision runs. */
public interface RevisionReferences {

    /**
     * Revisions that must be kept whatever their age, each with the reasons: a deployment that has not
     * finished (created, queued, running, baking), a group's last successful deployment (its rollback
     * target), a group whose hosts have it installed.
     */
    Map<String, List<String>> protectedRevisions();

    /** Revision id to the names of the groups whose hosts have it installed, for {@code application}. */
    Map<String, Set<String>> groupsRunning(String application);

    /** Every revision of {@code application}, newest first. */
    List<Revision> all(String application);

    /** The digests that at least one revision (of any application) names. */
    Set<String> referencedDigests();

    /** Deletes the revision's row; the deployments that ran it keep its id. */
    void delete(String revisionId);
}
