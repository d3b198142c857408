package dev.hoist.agent.install;

import dev.hoist.protocol.appspec.AppSpec;
import dev.hoist.protocol.appspec.FileExistsBehavior;
import java.nio.file.Path;

/**
 * What one Install needs.
 *
 * @param revisionRoot the unpacked revision the {@code files} sources are relative to
 * @param appSpecFile the AppSpec's file name within {@code revisionRoot}, recorded for ApplicationStop
 * @param deploymentDefault the deployment's {@code file_exists_behavior}, or {@code null}
 */
public record InstallRequest(
        String groupId,
        String deploymentId,
        String revisionId,
        String bundleSha256,
        Path revisionRoot,
        String appSpecFile,
        AppSpec spec,
        FileExistsBehavior deploymentDefault) {

    /** The AppSpec's value, else the deployment's, else {@code DISALLOW} (appspec.md §3). */
    public FileExistsBehavior effectiveBehavior() {
        if (spec.fileExistsBehavior() != null) {
            return spec.fileExistsBehavior();
        }
        return deploymentDefault != null ? deploymentDefault : FileExistsBehavior.DISALLOW;
    }
}
