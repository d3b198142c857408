package dev.hoist.api;

import java.time.Instant;

/**
 * One line of hook output.
 *
 * @param lineNumber per host, from 1
 * @param sequence per deployment, in arrival order: the cursor for following every host at once
 */
public record LogLineView(
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
