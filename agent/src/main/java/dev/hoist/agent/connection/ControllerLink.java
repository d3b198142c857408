package dev.hoist.agent.connection;

import dev.hoist.protocol.v1.Envelope;

/** The authenticated connection to the controller, as a message handler may use it. */
public interface ControllerLink {

    /** This agent's id, as the controller knows it (from the certificate). */
    String agentId();

    /** Sends {@code message} (its sequence number is set here). May be called from any thread. */
    void send(Envelope.Builder message);
}
