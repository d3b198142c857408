package dev.hoist.agent.lifecycle;

import dev.hoist.protocol.appspec.AppSpec;
import java.nio.file.Path;
import java.util.List;

/**
 * A revision unpacked and validated, ready for its events.
 *
 * @param root the revision root (the AppSpec file is here)
 * @param appSpecFile the AppSpec's file name within {@code root}
 * @param warnings AppSpec warnings, as the parser words them
 */
public record PreparedRevision(
        String revisionId,
        String sha256,
        Path root,
        String appSpecFile,
        AppSpec spec,
        List<String> warnings) {

    public PreparedRevision {
        warnings = List.copyOf(warnings);
    }
}
