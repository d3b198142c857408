package dev.hoist.agent.exchange;

import java.util.List;

/**
 * Where deployment work from the controller goes. Called on the connection's event loop, so an
 * implementation hands anything slow (files, scripts) to its own executor and answers through
 * {@code link}, from any thread.
 */
public interface DeploymentMessageHandler {

    /** A command to run; answer with a {@link CommandAnswer} (again, unchanged, for a command id seen before). */
    void onDeploy(Deploy command, ControllerLink link);

    void onCancel(Cancel command, ControllerLink link);

    void onBundlePart(BundlePart part, ControllerLink link);

    /** The controller has taken the result of a command in: it need not be kept or sent again. */
    default void onResultAcknowledged(ResultAcknowledged ack, ControllerLink link) {
    }

    /** How the balancer step of a running command's BlockTraffic or AllowTraffic went. */
    default void onTrafficStep(TrafficStepOutcome outcome, ControllerLink link) {
    }

    /** A load-balancer action: answered with a {@link RouterAnswer}; refused here, where no balancer is driven. */
    default void onRouterRequest(RouterRequest request, ControllerLink link) {
        link.send(new RouterAnswer(request.requestId(), false, "ROUTER_REFUSED", "this agent drives no load "
                + "balancer: start it with --haproxy-admin and --haproxy-backends (docs/traffic.md)", List.of(), 0));
    }

    /** The controller accepted this agent's hello on {@code link}: reports may flow. */
    /**
     * The controller refused this agent (its certificate at the handshake, or a hello refused with STOP):
     * work it gave must not go on, since nothing it reports would be accepted.
     */
    default void onRefusedByController(String reason) {
    }

    default void onConnected(ControllerLink link) {
    }

    /** The connection {@code link} closed (it had been accepted). */
    default void onDisconnected(ControllerLink link) {
    }

    /**
     * Commands still running or with a result the controller has not acknowledged, for the hello.
     * Called off the event loop; must not block for long.
     */
    default List<String> pendingCommandIds() {
        return List.of();
    }
}
