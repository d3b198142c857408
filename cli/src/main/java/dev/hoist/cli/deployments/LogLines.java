package dev.hoist.cli.deployments;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** Log lines of a deployment as the controller serves them, and how {@code hoist deployment logs} prints them. */
public final class LogLines {
    private LogLines() {
    }

    /** The lines of one page: the answer is an array of lines, or an object holding them in {@code lines}. */
    public static List<JsonNode> of(JsonNode page) {
        JsonNode lines = page.isArray() ? page : page.path("lines");
        List<JsonNode> result = new ArrayList<>();
        lines.forEach(result::add);
        return result;
    }

    /**
     * {@code [web-1 ApplicationStart] text}; lines the script wrote to stderr, and the agent's own notes,
     * say so in the prefix.
     */
    public static String format(JsonNode line, String hostLabel) {
        String stream = line.path("stream").asText("stdout");
        String event = line.path("event").asText("-");
        String prefix = "[" + hostLabel + " " + event + ("stdout".equals(stream) ? "" : " " + stream) + "] ";
        return prefix + line.path("text").asText("");
    }
}
