package dev.hoist.agent.deploy;

import dev.hoist.agent.exchange.TrafficStepOutcome;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The balancer steps this agent's running commands wait for, by command id and event: {@link TrafficGate}
 * registers a wait, the controller's {@link TrafficStepOutcome} completes it. An outcome nobody waits for
 * (a duplicate, or one for a gate that gave up) is dropped.
 */
final class TrafficSteps {
    private final Map<String, CompletableFuture<TrafficStepOutcome>> waiting = new ConcurrentHashMap<>();

    CompletableFuture<TrafficStepOutcome> await(String commandId, String event) {
        return waiting.computeIfAbsent(key(commandId, event), k -> new CompletableFuture<>());
    }

    void forget(String commandId, String event) {
        waiting.remove(key(commandId, event));
    }

    /**
     * Hands {@code outcome} to its gate, or keeps it for the gate about to wait (the controller can answer
     * before the run reaches the gate); the caller passes only outcomes of commands that run here.
     */
    void complete(TrafficStepOutcome outcome) {
        await(outcome.commandId(), outcome.event()).complete(outcome);
    }

    private static String key(String commandId, String event) {
        return commandId + "\n" + event;
    }
}
