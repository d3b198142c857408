package dev.hoist.controller.core;

/**
 * Tells the live stream and, once bound, the orchestrator of each change to an agent's record: the
 * registry is built before the orchestrator that wants to hear from it. Thread-safe; never blocks.
 */
public final class AgentListenerRelay implements AgentListener {
    private final AgentListener first;
    private volatile AgentListener then = NONE;

    public AgentListenerRelay(AgentListener first) {
        this.first = first;
    }

    /** From now on, {@code listener} hears of every change after the first listener. */
    public void bind(AgentListener listener) {
        this.then = listener;
    }

    @Override
    public void agentChanged(Agent agent) {
        first.agentChanged(agent);
        then.agentChanged(agent);
    }
}
