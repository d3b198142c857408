package dev.hoist.controller.source;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What happens after a branch or tag of a source repository moved: a push to a hosted repository, or a
 * fetch of an external one that changed a ref. Called once per moved ref, after the change is stored, on
 * the pushing request's thread or the fetcher's; an implementation that does real work hands it to its
 * own executor. Pipelines start executions from here.
 */
public interface SourceEvents {

    /**
     * @param repository the repository's name
     * @param ref the full ref name, e.g. {@code refs/heads/main}
     * @param oldSha the commit the ref was at, or {@code null} when it was created
     * @param newSha the commit it is at now, or {@code null} when it was deleted
     */
    void onPush(String repository, String ref, String oldSha, String newSha);

    /** The default until something listens: a log line per moved ref. */
    SourceEvents LOGGED = new SourceEvents() {
        private final Logger log = LoggerFactory.getLogger(SourceEvents.class);

        @Override
        public void onPush(String repository, String ref, String oldSha, String newSha) {
            log.info("Source repository {}: {} moved from {} to {}", repository, ref, oldSha == null ? "(new)" : oldSha,
                    newSha == null ? "(deleted)" : newSha);
        }
    };
}
