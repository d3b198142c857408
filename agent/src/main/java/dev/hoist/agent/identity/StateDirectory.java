package dev.hoist.agent.identity;

import java.nio.file.Path;

/** Where the agent keeps its state when {@code --state-dir} is not given. */
public final class StateDirectory {
    public static final String ENVIRONMENT_VARIABLE = "HOIST_AGENT_STATE_DIR";
    public static final Path DEFAULT = Path.of("/var/lib/hoist-agent");

    private StateDirectory() {
    }

    /** {@code $HOIST_AGENT_STATE_DIR}, else {@code /var/lib/hoist-agent}. */
    public static Path fromEnvironment() {
        String fromEnvironment = System.getenv(ENVIRONMENT_VARIABLE);
        return fromEnvironment == null || fromEnvironment.isBlank() ? DEFAULT : Path.of(fromEnvironment);
    }
}
