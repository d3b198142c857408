package dev.hoist.agent.install;

import java.nio.file.Path;

/**
 * The install record of a group cannot be trusted (torn, truncated, edited). Hoist then refuses to
 * guess: it deletes nothing and tells the operator how to proceed.
 */
public final class InstallRecordDamagedException extends Exception {
    private static final long serialVersionUID = 1L;

    public InstallRecordDamagedException(Path record, String problem) {
        super("the install record " + record + " is damaged (" + problem + "); Hoist will not guess which "
                + "files the last Install put on this host, so it removes nothing. Check the files it lists, "
                + "then move it aside (mv " + record + " " + record + ".damaged) to deploy as if this were "
                + "the group's first deployment");
    }
}
