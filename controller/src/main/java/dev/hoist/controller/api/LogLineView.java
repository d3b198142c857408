package dev.hoist.controller.api;

import dev.hoist.controller.core.deploy.LogLine;
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

    public static LogLineView of(LogLine line) {
        return new LogLineView(line.deploymentId(), line.agentId(), line.lineNumber(), line.sequence(), line.at(),
                line.event(), line.stream(), line.script(), line.text());
    }
}
