package dev.hoist.controller.core.deploy;

/**
 * Told of every change the orchestrator makes, for live views (the SSE stream). Called on the
 * orchestrator's thread: implementations return at once and never block.
 */
public interface DeploymentListener {

    DeploymentListener NONE = new DeploymentListener() {
        @Override
        public void deploymentChanged(Deployment deployment) {
        }

        @Override
        public void hostChanged(HostRun host) {
        }

        @Override
        public void logLine(LogLine line) {
        }
    };

    void deploymentChanged(Deployment deployment);

    /** The host's status or current event changed. */
    void hostChanged(HostRun host);

    void logLine(LogLine line);
}
