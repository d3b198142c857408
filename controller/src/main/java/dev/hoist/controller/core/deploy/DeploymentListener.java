package dev.hoist.controller.core.deploy;

import java.util.Map;

/**
 * Told of every change the orchestrator makes, for live views (the SSE stream), and only once the
 * change is committed: a client that reads the store after a notice sees at least what it announced.
 * {@code seq} is the number of the commit that stored the change (the one a deployment's
 * representation carries). Called on the orchestrator's thread: implementations return at once and
 * never block.
 */
public interface DeploymentListener {

    DeploymentListener NONE = new DeploymentListener() {
        @Override
        public void deploymentChanged(long seq, Deployment deployment, Map<HostStatus, Integer> hostCounts) {
        }

        @Override
        public void hostChanged(long seq, String application, HostRun host) {
        }

        @Override
        public void logLine(long seq, String application, LogLine line) {
        }
    };

    /** @param hostCounts how many of its hosts are in each status after the change */
    void deploymentChanged(long seq, Deployment deployment, Map<HostStatus, Integer> hostCounts);

    /** The host's status or current event changed. */
    void hostChanged(long seq, String application, HostRun host);

    void logLine(long seq, String application, LogLine line);
}
