package dev.hoist.agent.state;

import java.nio.file.Path;

/**
 * Where things live under the agent's deployment root (appspec.md §3):
 *
 * <pre>
 * &lt;root&gt;/
 *   &lt;group-id&gt;/
 *     .lock                      held while a deployment of the group runs
 *     in-flight                  journal of the event being run (see {@link EventJournal})
 *     &lt;deployment-id&gt;/
 *       bundle                   the bundle file as received (absent for directory bundles)
 *       archive/                 the unpacked revision
 *       logs/scripts.log         every output line, timestamped (rotated to scripts.log.1)
 *   instructions/
 *     &lt;group-id&gt;.installed        what the last Install of the group put on the host
 * </pre>
 */
public record DeploymentLayout(Path root) {

    /** The default root, when neither {@code --deployment-root} nor the environment names one. */
    public static final Path DEFAULT_ROOT = Path.of("/var/lib/hoist-agent/deployments");

    public DeploymentLayout {
        root = root.toAbsolutePath().normalize();
    }

    public Path groupDir(String groupId) {
        return root.resolve(groupId);
    }

    public Path deploymentDir(String groupId, String deploymentId) {
        return groupDir(groupId).resolve(deploymentId);
    }

    public Path bundleFile(String groupId, String deploymentId) {
        return deploymentDir(groupId, deploymentId).resolve("bundle");
    }

    public Path archiveDir(String groupId, String deploymentId) {
        return deploymentDir(groupId, deploymentId).resolve("archive");
    }

    public Path scriptsLog(String groupId, String deploymentId) {
        return deploymentDir(groupId, deploymentId).resolve("logs").resolve("scripts.log");
    }

    public Path instructionsDir() {
        return root.resolve("instructions");
    }

    public Path installRecord(String groupId) {
        return instructionsDir().resolve(groupId + ".installed");
    }

    public Path journal(String groupId) {
        return groupDir(groupId).resolve("in-flight");
    }

    public Path groupLock(String groupId) {
        return groupDir(groupId).resolve(".lock");
    }
}
