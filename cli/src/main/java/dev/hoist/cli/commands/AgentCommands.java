package dev.hoist.cli.commands;

import dev.hoist.cli.output.TerminalText;
import dev.hoist.api.AgentView;
import dev.hoist.api.TagsRequest;
import dev.hoist.cli.CliContext;
import dev.hoist.cli.ExitCodes;
import dev.hoist.cli.client.Answer;
import dev.hoist.cli.client.ApiClient;
import dev.hoist.cli.client.CliFailure;
import dev.hoist.cli.output.Humanize;
import dev.hoist.cli.output.Table;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code hoist agent list|get|revoke|tag|upgrade|dist}: the agent registry, and agent upgrades. */
@Command(name = "agent", description = "Enrolled agents.",
        subcommands = {AgentCommands.ListAgents.class, AgentCommands.Get.class, AgentCommands.Revoke.class,
                AgentCommands.Tag.class, AgentUpgradeCommands.Upgrade.class, AgentUpgradeCommands.Dist.class})
public final class AgentCommands {

    @Command(name = "list", description = "List agents, optionally filtered by tags and state.")
    public static final class ListAgents extends ApiCommand {
        @Option(names = "--tag", paramLabel = "KEY[=VALUE]", description = "only agents with this tag (repeat: all must match)")
        List<String> tags;

        @Option(names = "--state", paramLabel = "STATE", description = "Connected, Disconnected or Revoked")
        String state;

        public ListAgents(CliContext context) {
            super(context);
        }

        @Override
        protected void call(ApiClient client) {
            List<String> query = new ArrayList<>();
            if (tags != null) {
                tags.forEach(tag -> query.add("tag=" + ApiClient.encode(tag)));
            }
            if (state != null) {
                query.add("state=" + ApiClient.encode(state));
            }
            Answer<List<AgentView>> answer = client.getList("/api/v1/agents"
                    + (query.isEmpty() ? "" : "?" + String.join("&", query)), AgentView.class);
            if (printedAsData(answer)) {
                return;
            }
            List<AgentView> agents = answer.value();
            if (agents.isEmpty()) {
                out().println(query.isEmpty() ? "No agents enrolled yet; create a join token with: hoist token create"
                        : "No agents match.");
                return;
            }
            Table table = new Table("ID", "HOSTNAME", "STATE", "SINCE", "TAGS", "VERSION", "LAST SEEN");
            for (AgentView agent : agents) {
                table.row(agent.id(), agent.hostname(), agent.state(), humanize.relative(agent.stateSince()),
                        Humanize.tags(agent.tags()), agent.agentVersion(), humanize.relative(agent.lastSeen()));
            }
            table.print(out());
        }
    }

    @Command(name = "get", description = "Show one agent with its host facts.")
    public static final class Get extends ApiCommand {
        @Parameters(paramLabel = "ID", description = "the agent's id (agt-...)")
        String id;

        public Get(CliContext context) {
            super(context);
        }

        @Override
        protected void call(ApiClient client) {
            Answer<AgentView> agent = client.get("/api/v1/agents/" + ApiClient.encode(id), AgentView.class);
            if (printedAsData(agent)) {
                return;
            }
            AgentDetails.print(agent.value(), humanize, out());
        }
    }

    @Command(name = "revoke", description = "Revoke an agent for good: its connection closes and it cannot come back.")
    public static final class Revoke extends ApiCommand {
        @Parameters(paramLabel = "ID", description = "the agent's id (agt-...)")
        String id;

        public Revoke(CliContext context) {
            super(context);
        }

        @Override
        protected void call(ApiClient client) {
            Answer<AgentView> agent = client.post("/api/v1/agents/" + ApiClient.encode(id) + "/revoke", null,
                    AgentView.class);
            if (printedAsData(agent)) {
                return;
            }
            out().println("Revoked agent " + id + " (" + TerminalText.safe(agent.value().hostname())
                    + "); it is disconnected and will be refused from now on.");
        }
    }

    @Command(name = "tag", description = "Set (or with --remove, remove) tags of an agent; other tags stay.")
    public static final class Tag extends ApiCommand {
        @Parameters(index = "0", paramLabel = "ID", description = "the agent's id (agt-...)")
        String id;

        @Parameters(index = "1..*", paramLabel = "KEY=VALUE", description = "tags to set")
        List<String> tags;

        @Option(names = "--remove", paramLabel = "KEY", description = "tag to remove (repeat)")
        List<String> remove;

        @Option(names = "--replace", description = "replace every tag with the ones given")
        boolean replace;

        public Tag(CliContext context) {
            super(context);
        }

        @Override
        protected void call(ApiClient client) {
            if ((tags == null || tags.isEmpty()) && (remove == null || remove.isEmpty()) && !replace) {
                throw new CliFailure("give tags to set (KEY=VALUE ...) or --remove KEY", ExitCodes.USAGE);
            }
            if (replace && remove != null && !remove.isEmpty()) {
                throw new CliFailure("--replace sets exactly the tags given; it does not go with --remove", ExitCodes.USAGE);
            }
            Map<String, String> set = KeyValues.parse(tags, "tag");
            String path = "/api/v1/agents/" + ApiClient.encode(id) + "/tags";
            Answer<AgentView> agent = replace
                    ? client.put(path, new TagsRequest(set, null), AgentView.class)
                    : client.post(path, new TagsRequest(set, remove), AgentView.class);
            if (printedAsData(agent)) {
                return;
            }
            String now = Humanize.tags(agent.value().tags());
            out().println("Agent " + id + " tags: " + (now.isEmpty() ? "(none)" : now));
        }
    }
}
