package dev.hoist.controller.core.deploy;

import java.util.List;

/**
 * What to do next with a deployment: start some hosts and wait, or finish.
 *
 * @param start hosts to start now, in order (empty while waiting for hosts in flight)
 * @param reason why, in words fit for the console (e.g. why the deployment failed)
 */
public record PlanStep(Outcome outcome, List<String> start, String reason) {

    public enum Outcome {
        /** Start {@code start} (possibly none) and call the planner again when a host finishes. */
        CONTINUE,
        SUCCEEDED,
        FAILED
    }

    public PlanStep {
        start = List.copyOf(start);
    }

    static PlanStep proceed(List<String> start, String reason) {
        return new PlanStep(Outcome.CONTINUE, start, reason);
    }

    static PlanStep succeeded(String reason) {
        return new PlanStep(Outcome.SUCCEEDED, List.of(), reason);
    }

    static PlanStep failed(String reason) {
        return new PlanStep(Outcome.FAILED, List.of(), reason);
    }
}
