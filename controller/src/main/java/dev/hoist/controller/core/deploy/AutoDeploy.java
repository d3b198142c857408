package dev.hoist.controller.core.deploy;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Whether a deployment group deploys its current revision (that of its last successful deployment) by
 * itself to hosts that lack it (docs/orchestrator.md, "Converging groups").
 */
public enum AutoDeploy {
    /** Nothing is deployed without someone asking. */
    OFF("off"),
    /** A host that comes to match the group (enrolled, or tagged into it) and was never deployed to by it. */
    NEW_HOSTS("new-hosts"),
    /** As {@link #NEW_HOSTS}, and a host that missed a deployment (away, lost, skipped) when it comes back. */
    ALL("all");

    /** New groups' setting: a new host runs nothing of the application, so giving it the revision is safe. */
    public static final AutoDeploy DEFAULT = NEW_HOSTS;

    private final String wireName;

    AutoDeploy(String wireName) {
        this.wireName = wireName;
    }

    /** As the API and the CLI spell it: {@code off}, {@code new-hosts}, {@code all}. */
    public String wireName() {
        return wireName;
    }

    public static Optional<AutoDeploy> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String wanted = text.trim();
        return Arrays.stream(values()).filter(v -> v.wireName.equalsIgnoreCase(wanted) || v.name().equalsIgnoreCase(wanted))
                .findFirst();
    }

    public static List<String> wireNames() {
        return Arrays.stream(values()).map(AutoDeploy::wireName).toList();
    }
}
