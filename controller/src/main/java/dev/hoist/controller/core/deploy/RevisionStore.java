package dev.hoist.controller.core.deploy;

import java.util.List;
import java.util.Optional;

/** Revisions of applications. */
public interface RevisionStore {

    void insert(Revision revision);

    Optional<Revision> find(String id);

    /** The most recently pushed revision of {@code application}. */
    Optional<Revision> latest(String application);

    /** Newest first. */
    List<Revision> list(String application, int limit);

    /** Sets (or replaces) the signature of revision {@code id}; {@code false} when there is no such revision. */
    boolean sign(String id, String signature, String signingKey);
}
