package dev.hoist.agent.connection;

import dev.hoist.protocol.v1.BundleChunk;
import dev.hoist.protocol.v1.CancelCommand;
import dev.hoist.protocol.v1.DeployCommand;

/**
 * Where deployment work from the controller goes: the lifecycle engine plugs in here. Called on the
 * connection's event loop, so an implementation hands anything slow (files, scripts) to its own
 * executor and answers through {@code link}, from any thread.
 */
public interface DeploymentMessageHandler {

    /** A command to run; answer with {@code CommandAck} (again, unchanged, for a command id seen before). */
    void onDeployCommand(DeployCommand command, ControllerLink link);

    void onCancelCommand(CancelCommand command, ControllerLink link);

    void onBundleChunk(BundleChunk chunk, ControllerLink link);
}
