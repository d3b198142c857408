package dev.hoist.controller.core;

/**
 * Told of every committed change to an agent's registry record, for live views (the SSE stream): it
 * enrolled, connected, disconnected, was tagged or revoked. Called after the change is committed, with
 * the record as it reads then, so a client that reads the registry after a notice sees at least what it
 * announced. Heartbeats (host facts, last seen) are not changes in this sense: they would be most of the
 * traffic. Implementations return at once and never block.
 */
public interface AgentListener {

    AgentListener NONE = agent -> {
    };

    void agentChanged(Agent agent);
}
