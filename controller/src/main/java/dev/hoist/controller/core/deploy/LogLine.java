package dev.hoist.controller.core.deploy;

import java.time.Instant;

/**
 * One line of hook output from one host of a deployment.
 *
 * @param lineNumber numbered per host from 1, as the agent numbers them; duplicates are dropped by it
 * @param sequence numbered per deployment in the order lines were received, so that a reader can
 *        follow every host's output with one cursor
 * @param stream {@code stdout}, {@code stderr} or {@code agent}
 */
public record LogLine(
        String deploymentId,
        String agentId,
        long lineNumber,
        long sequence,
        Instant at,
        String event,
        String stream,
        String script,
        String text) {
}
