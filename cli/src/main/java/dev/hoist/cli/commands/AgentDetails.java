package dev.hoist.cli.commands;

import dev.hoist.cli.output.TerminalText;
import dev.hoist.api.AgentView;
import dev.hoist.api.HostFactsView;
import dev.hoist.cli.output.Humanize;
import java.io.PrintWriter;
import java.time.Instant;

/** One agent, field by field, for {@code hoist agent get}. */
final class AgentDetails {
    private AgentDetails() {
    }

    static void print(AgentView agent, Humanize humanize, PrintWriter out) {
        line(out, "ID", agent.id());
        line(out, "Hostname", agent.hostname());
        line(out, "State", agent.state() + " since " + text(agent.stateSince()) + " ("
                + humanize.relative(agent.stateSince()) + ")");
        String tags = Humanize.tags(agent.tags());
        line(out, "Tags", tags.isEmpty() ? "(none)" : tags);
        line(out, "Agent version", agent.agentVersion());
        line(out, "OS", agent.os());
        line(out, "First seen", text(agent.firstSeen()));
        line(out, "Last seen", text(agent.lastSeen()) + " (" + humanize.relative(agent.lastSeen()) + ")");
        HostFactsView facts = agent.facts();
        if (facts != null) {
            line(out, "Arch", facts.arch());
            line(out, "CPUs", String.valueOf(facts.cpuCount()));
            line(out, "Memory", Humanize.bytes(facts.memoryAvailableBytes()) + " free of "
                    + Humanize.bytes(facts.memoryTotalBytes()));
            line(out, "Disk free", Humanize.bytes(facts.diskFreeBytes()));
            line(out, "Load (1m)", String.valueOf(facts.loadAverage1m()));
        } else {
            line(out, "Facts", "(none yet: the agent has not said hello)");
        }
    }

    private static String text(Instant at) {
        return at == null ? "" : at.toString();
    }

    private static void line(PrintWriter out, String label, String value) {
        out.printf("%-14s %s%n", label + ":", value == null || value.isEmpty() ? "-" : TerminalText.safe(value));
    }
}
