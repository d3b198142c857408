package dev.hoist.protocol.appspec;

import java.util.List;
import java.util.Optional;

/**
 * The lifecycle events of an in-place deployment, with their CodeDeploy names (case-sensitive).
 * {@code DownloadBundle}, {@code Install}, {@code BlockTraffic} and {@code AllowTraffic} are Hoist's own
 * steps; the others run the hook scripts that an AppSpec lists for them.
 */
public enum LifecycleEvent {
    BEFORE_BLOCK_TRAFFIC("BeforeBlockTraffic", true),
    BLOCK_TRAFFIC("BlockTraffic", false),
    AFTER_BLOCK_TRAFFIC("AfterBlockTraffic", true),
    APPLICATION_STOP("ApplicationStop", true),
    DOWNLOAD_BUNDLE("DownloadBundle", false),
    BEFORE_INSTALL("BeforeInstall", true),
    INSTALL("Install", false),
    AFTER_INSTALL("AfterInstall", true),
    APPLICATION_START("ApplicationStart", true),
    VALIDATE_SERVICE("ValidateService", true),
    BEFORE_ALLOW_TRAFFIC("BeforeAllowTraffic", true),
    ALLOW_TRAFFIC("AllowTraffic", false),
    AFTER_ALLOW_TRAFFIC("AfterAllowTraffic", true);

    /** In-place deployment without a load balancer, in order. */
    public static final List<LifecycleEvent> IN_PLACE = List.of(
            APPLICATION_STOP, DOWNLOAD_BUNDLE, BEFORE_INSTALL, INSTALL, AFTER_INSTALL,
            APPLICATION_START, VALIDATE_SERVICE);

    /** In-place deployment behind a load balancer (and an in-place rollback), in order. */
    public static final List<LifecycleEvent> IN_PLACE_WITH_TRAFFIC = List.of(
            BEFORE_BLOCK_TRAFFIC, BLOCK_TRAFFIC, AFTER_BLOCK_TRAFFIC, APPLICATION_STOP, DOWNLOAD_BUNDLE,
            BEFORE_INSTALL, INSTALL, AFTER_INSTALL, APPLICATION_START, VALIDATE_SERVICE,
            BEFORE_ALLOW_TRAFFIC, ALLOW_TRAFFIC, AFTER_ALLOW_TRAFFIC);

    private final String wireName;
    private final boolean runsScripts;

    LifecycleEvent(String wireName, boolean runsScripts) {
        this.wireName = wireName;
        this.runsScripts = runsScripts;
    }

    /** The CodeDeploy name, as written in appspec.yml and shown to users. */
    public String wireName() {
        return wireName;
    }

    /** Whether an AppSpec may list hook scripts for this event. */
    public boolean runsScripts() {
        return runsScripts;
    }

    /**
     * Whether this event stops what is installed now, and so runs the scripts of the revision last
     * installed for the group rather than the one being deployed (appspec.md §3).
     */
    public boolean runsPreviousRevision() {
        return this == APPLICATION_STOP || this == BEFORE_BLOCK_TRAFFIC || this == AFTER_BLOCK_TRAFFIC;
    }

    /** Exact, case-sensitive lookup by CodeDeploy name. */
    public static Optional<LifecycleEvent> fromWireName(String name) {
        for (LifecycleEvent event : values()) {
            if (event.wireName.equals(name)) {
                return Optional.of(event);
            }
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return wireName;
    }
}
