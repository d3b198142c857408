package dev.hoist.agent.connection;

import dev.hoist.protocol.v1.BundleChunk;
import dev.hoist.protocol.v1.CancelCommand;
import dev.hoist.protocol.v1.CommandAck;
import dev.hoist.protocol.v1.DeployCommand;
import dev.hoist.protocol.v1.Envelope;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Until the lifecycle engine is plugged in: every command is answered as not accepted. */
public final class UnsupportedDeploymentMessages implements DeploymentMessageHandler {
    private static final Logger LOG = LoggerFactory.getLogger(UnsupportedDeploymentMessages.class);
    static final String NOT_SUPPORTED = "not supported yet";

    @Override
    public void onDeployCommand(DeployCommand command, ControllerLink link) {
        refuse(command.getCommandId(), link);
    }

    @Override
    public void onCancelCommand(CancelCommand command, ControllerLink link) {
        refuse(command.getCommandId(), link);
    }

    @Override
    public void onBundleChunk(BundleChunk chunk, ControllerLink link) {
        LOG.debug("Ignoring a bundle chunk of {}: this agent runs no deployments yet", chunk.getSha256());
    }

    private static void refuse(String commandId, ControllerLink link) {
        link.send(Envelope.newBuilder().setCommandAck(CommandAck.newBuilder()
                .setCommandId(commandId).setAccepted(false).setMessage(NOT_SUPPORTED)));
    }
}
