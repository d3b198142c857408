package dev.hoist.agent.traffic;

import dev.hoist.agent.exchange.BundlePart;
import dev.hoist.agent.exchange.Cancel;
import dev.hoist.agent.exchange.ControllerLink;
import dev.hoist.agent.exchange.Deploy;
import dev.hoist.agent.exchange.DeploymentMessageHandler;
import dev.hoist.agent.exchange.ResultAcknowledged;
import dev.hoist.agent.exchange.RouterRequest;
import dev.hoist.agent.exchange.TrafficStepOutcome;
import java.util.List;

/**
 * The deployment work of an agent that also drives the load balancer on its host: load-balancer actions go
 * to the {@link BalancerRouter}, everything else to the deployment work unchanged.
 */
public final class RoutingMessageHandler implements DeploymentMessageHandler {
    private final DeploymentMessageHandler deployments;
    private final BalancerRouter router;

    public RoutingMessageHandler(DeploymentMessageHandler deployments, BalancerRouter router) {
        this.deployments = deployments;
        this.router = router;
    }

    @Override
    public void onRouterRequest(RouterRequest request, ControllerLink link) {
        router.submit(request, link);
    }

    @Override
    public void onDeploy(Deploy command, ControllerLink link) {
        deployments.onDeploy(command, link);
    }

    @Override
    public void onCancel(Cancel command, ControllerLink link) {
        deployments.onCancel(command, link);
    }

    @Override
    public void onBundlePart(BundlePart part, ControllerLink link) {
        deployments.onBundlePart(part, link);
    }

    @Override
    public void onTrafficStep(TrafficStepOutcome outcome, ControllerLink link) {
        deployments.onTrafficStep(outcome, link);
    }

    @Override
    public void onResultAcknowledged(ResultAcknowledged ack, ControllerLink link) {
        deployments.onResultAcknowledged(ack, link);
    }

    @Override
    public void onConnected(ControllerLink link) {
        deployments.onConnected(link);
    }

    @Override
    public void onDisconnected(ControllerLink link) {
        deployments.onDisconnected(link);
    }

    @Override
    public List<String> pendingCommandIds() {
        return deployments.pendingCommandIds();
    }
}
