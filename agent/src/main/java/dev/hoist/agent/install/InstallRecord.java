package dev.hoist.agent.install;

import java.nio.file.Path;
import java.util.List;

/**
 * What the last Install of a deployment group put on the host, so the next Install can remove it
 * (appspec.md §3, Install step 1) and the next ApplicationStop can run the scripts of the revision that
 * is installed now.
 *
 * @param deploymentId the deployment whose Install wrote this record
 * @param revisionId the revision installed
 * @param bundleSha256 the installed bundle's digest
 * @param revisionRoot the unpacked revision whose scripts stop what is installed
 * @param appSpecFile the AppSpec file name within {@code revisionRoot}
 * @param complete {@code false} when the Install failed part way: {@code entries} lists what it created,
 *     and the revision fields still name the revision installed before it
 * @param entries what Install created, in creation order (parents before children)
 */
public record InstallRecord(
        String deploymentId,
        String revisionId,
        String bundleSha256,
        Path revisionRoot,
        String appSpecFile,
        boolean complete,
        List<Entry> entries) {

    public InstallRecord {
        entries = List.copyOf(entries);
    }

    /** One thing Install created. */
    public record Entry(Kind kind, Path path) {
    }

    /** The kind, so cleanup removes a path only if it still is what Install made. */
    public enum Kind {
        FILE('f'), DIRECTORY('d'), SYMLINK('l');

        private final char code;

        Kind(char code) {
            this.code = code;
        }

        char code() {
            return code;
        }

        static Kind fromCode(char code) {
            for (Kind kind : values()) {
                if (kind.code == code) {
                    return kind;
                }
            }
            throw new IllegalArgumentException("unknown entry kind '" + code + "'");
        }
    }
}
