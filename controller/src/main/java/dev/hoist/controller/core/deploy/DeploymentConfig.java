package dev.hoist.controller.core.deploy;

import java.util.List;

/** A named minimum of healthy hosts. The three built-ins exist in every controller. */
public record DeploymentConfig(String name, MinimumHealthyHosts minimumHealthyHosts, boolean builtIn) {

    public static final DeploymentConfig ONE_AT_A_TIME =
            new DeploymentConfig("OneAtATime", MinimumHealthyHosts.ONE_AT_A_TIME, true);
    public static final DeploymentConfig HALF_AT_A_TIME =
            new DeploymentConfig("HalfAtATime", MinimumHealthyHosts.HALF_AT_A_TIME, true);
    public static final DeploymentConfig ALL_AT_ONCE =
            new DeploymentConfig("AllAtOnce", MinimumHealthyHosts.ALL_AT_ONCE, true);

    public static final List<DeploymentConfig> BUILT_IN = List.of(ONE_AT_A_TIME, HALF_AT_A_TIME, ALL_AT_ONCE);

    /** The config a group uses when it names none. */
    public static final DeploymentConfig DEFAULT = ONE_AT_A_TIME;
}
