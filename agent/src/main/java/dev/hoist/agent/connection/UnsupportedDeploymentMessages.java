package dev.hoist.agent.connection;

import dev.hoist.agent.exchange.BundlePart;
import dev.hoist.agent.exchange.Cancel;
import dev.hoist.agent.exchange.CommandAnswer;
import dev.hoist.agent.exchange.ControllerLink;
import dev.hoist.agent.exchange.Deploy;
import dev.hoist.agent.exchange.DeploymentMessageHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** For a connection that runs no deployments (connection tests): every command is answered as not accepted. */
public final class UnsupportedDeploymentMessages implements DeploymentMessageHandler {
    private static final Logger LOG = LoggerFactory.getLogger(UnsupportedDeploymentMessages.class);
    static final String NOT_SUPPORTED = "not supported yet";

    @Override
    public void onDeploy(Deploy command, ControllerLink link) {
        refuse(command.commandId(), link);
    }

    @Override
    public void onCancel(Cancel command, ControllerLink link) {
        refuse(command.commandId(), link);
    }

    @Override
    public void onBundlePart(BundlePart part, ControllerLink link) {
        LOG.debug("Ignoring a bundle chunk of {}: this agent runs no deployments", part.sha256());
    }

    private static void refuse(String commandId, ControllerLink link) {
        link.send(new CommandAnswer(commandId, false, NOT_SUPPORTED));
    }
}
