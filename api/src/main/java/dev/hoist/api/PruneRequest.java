package dev.hoist.api;

/**
 * {@code POST /api/v1/revisions/prune}: apply retention now.
 *
 * @param application only this application's revisions (and their blobs); null for every application and
 *     every unreferenced blob
 * @param dryRun list what would go, delete nothing
 */
public record PruneRequest(String application, boolean dryRun) {
}
