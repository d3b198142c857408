package dev.hoist.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hoist.cli.output.Humanize;
import java.io.PrintWriter;

/** One agent, field by field, for {@code hoist agent get}. */
final class AgentDetails {
    private AgentDetails() {
    }

    static void print(JsonNode agent, Humanize humanize, PrintWriter out) {
        line(out, "ID", agent.path("id").asText());
        line(out, "Hostname", agent.path("hostname").asText());
        line(out, "State", agent.path("state").asText() + " since " + agent.path("stateSince").asText() + " ("
                + humanize.relative(agent.path("stateSince")) + ")");
        String tags = Humanize.tags(agent.path("tags"));
        line(out, "Tags", tags.isEmpty() ? "(none)" : tags);
        line(out, "Agent version", agent.path("agentVersion").asText("-"));
        line(out, "OS", agent.path("os").asText("-"));
        line(out, "First seen", agent.path("firstSeen").asText());
        line(out, "Last seen", agent.path("lastSeen").asText() + " (" + humanize.relative(agent.path("lastSeen")) + ")");
        JsonNode facts = agent.path("facts");
        if (facts.isObject()) {
            line(out, "Arch", facts.path("arch").asText("-"));
            line(out, "CPUs", facts.path("cpuCount").asText());
            line(out, "Memory", Humanize.bytes(facts.path("memoryAvailableBytes")) + " free of "
                    + Humanize.bytes(facts.path("memoryTotalBytes")));
            line(out, "Disk free", Humanize.bytes(facts.path("diskFreeBytes")));
            line(out, "Load (1m)", facts.path("loadAverage1m").asText());
        } else {
            line(out, "Facts", "(none yet: the agent has not said hello)");
        }
    }

    private static void line(PrintWriter out, String label, String value) {
        out.printf("%-14s %s%n", label + ":", value == null || value.isEmpty() ? "-" : value);
    }
}
