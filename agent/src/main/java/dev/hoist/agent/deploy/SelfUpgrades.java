package dev.hoist.agent.deploy;

import dev.hoist.agent.upgrade.InstallLayout;
import java.nio.file.Path;
import java.time.Duration;

/**
 * What the agent needs to upgrade itself (hoist agent upgrade): where it is installed, the version it runs,
 * where to leave the note for the agent that starts next, and how to stop for its supervisor to start the
 * new release. {@code hoist-agent run} gives one to {@link AgentDeployments}; without it (tests, the fleet
 * simulator) an upgrade command fails, saying so.
 *
 * @param restart stops the agent with the exit status that asks its supervisor to start it again
 */
public record SelfUpgrades(Path stateDir, String runningVersion, InstallLayout.Result layout, Duration checkTimeout,
        Runnable restart) {
}
