package dev.hoist.controller.core.deploy;

import java.util.Optional;

/**
 * Agent upgrades as deployments (hoist agent upgrade): the built-in application {@value #APPLICATION}, whose
 * revisions are agent distributions. The orchestrator deploys them like any revision; this tells it which
 * version a revision carries, so that the host's work says "upgrade the agent to V" rather than "run an AppSpec".
 */
public interface AgentDistributions {
    /** The built-in application whose revisions are agent distributions. */
    String APPLICATION = "hoist-agent";

    /** No revision carries an agent: for orchestrators built without agent upgrades (tests). */
    AgentDistributions NONE = revision -> Optional.empty();

    /** The agent version {@code revision} holds, when it is a revision of {@value #APPLICATION}. */
    Optional<String> version(Revision revision);

    static boolean isAgentApplication(String application) {
        return APPLICATION.equals(application);
    }
}
