package dev.hoist.controller.core.deploy;

/**
 * How the orchestrator's intake tells the gateway to stop and resume reading what agents send. When
 * reports arrive faster than the store takes them (or the store is down), the intake's queue passes
 * its high mark and the gateway stops reading from agents' connections: their reports wait in the
 * agents' own outboxes, bounded there, rather than in an unbounded queue here. Once the queue falls
 * under its low mark, reading resumes.
 */
public interface IntakePressure {

    IntakePressure NONE = high -> { };

    /** {@code true}: stop reading agents' reports; {@code false}: read them again. Called from any thread. */
    void intakeSaturated(boolean saturated);
}
