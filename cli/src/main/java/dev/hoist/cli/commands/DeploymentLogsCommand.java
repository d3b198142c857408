package dev.hoist.cli.commands;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.hoist.api.DeploymentView;
import dev.hoist.api.LogLineView;
import dev.hoist.cli.CliContext;
import dev.hoist.cli.ExitCodes;
import dev.hoist.cli.client.Answer;
import dev.hoist.cli.client.ApiClient;
import dev.hoist.cli.client.CliFailure;
import dev.hoist.cli.deployments.DeploymentJson;
import dev.hoist.cli.deployments.LogLines;
import dev.hoist.cli.deployments.ServerSentWakeUps;
import dev.hoist.cli.deployments.WakeUps;
import dev.hoist.cli.output.OutputFormat;
import dev.hoist.cli.output.YamlText;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code hoist deployment logs ID [--agent A] [--follow]}: the hook scripts' output, each line prefixed
 * with its host and lifecycle event, in the order the controller received them. Pages are read after a
 * cursor (the deployment-wide {@code sequence}, or with {@code --agent} the host's {@code lineNumber}), so
 * {@code --follow} prints every line once until the deployment ends.
 */
@Command(name = "logs", description = "Print the output of the deployment's hook scripts, prefixed with host and event.")
public final class DeploymentLogsCommand extends ApiCommand {
    static final int PAGE = 1000;
    private static final Duration POLL = Duration.ofMillis(500);

    @Parameters(paramLabel = "ID", description = "the deployment's id")
    String id;

    @Option(names = "--agent", paramLabel = "AGENT", description = "only this host (agent id or hostname)")
    String agent;

    @Option(names = "--raw", description = "print the hooks' output exactly as written, terminal control "
            + "characters included (by default they are shown as visible escapes)")
    private boolean raw;

    @Option(names = "--follow", description = "keep printing new lines until the deployment ends")
    boolean follow;

    /** The last line printed: its {@code sequence}, or with {@code --agent} its {@code lineNumber}. */
    private long cursor;

    public DeploymentLogsCommand(CliContext context) {
        super(context);
    }

    @Override
    protected void call(ApiClient client) {
        String path = "/api/v1/deployments/" + ApiClient.encode(id);
        try (WakeUps wakeUps = follow ? ServerSentWakeUps.open(client, mapper(), id) : WakeUps.none()) {
            boolean ended = false;
            while (true) {
                // The status is read before the lines, so the round after the end drains everything.
                DeploymentView deployment = client.get(path, DeploymentView.class).value();
                boolean lastRound = ended || !follow;
                printNewLines(client, deployment);
                if (lastRound) {
                    return;
                }
                ended = DeploymentJson.isFinal(deployment);
                if (!ended) {
                    pause(wakeUps);
                }
            }
        }
    }

    private void printNewLines(ApiClient client, DeploymentView deployment) {
        Map<String, String> labels = DeploymentJson.hostLabels(deployment);
        String agentId = agent == null ? null : agentId(labels);
        while (true) {
            // One host: its own line numbers. Every host: the deployment-wide sequence, in arrival order.
            StringBuilder query = new StringBuilder("/api/v1/deployments/" + ApiClient.encode(id) + "/logs?limit=" + PAGE);
            if (agentId != null) {
                query.append("&agent=").append(ApiClient.encode(agentId));
            }
            if (cursor > 0) {
                query.append(agentId != null ? "&afterLine=" : "&afterSequence=").append(cursor);
            }
            Answer<List<LogLineView>> page = client.getList(query.toString(), LogLineView.class);
            List<LogLineView> lines = page.value() == null ? List.of() : page.value();
            for (int i = 0; i < lines.size(); i++) {
                LogLineView line = lines.get(i);
                String from = line.agentId();
                print(line, page.json().get(i), labels.getOrDefault(from, from));
                cursor = agentId != null ? line.lineNumber() : line.sequence();
            }
            if (lines.size() < PAGE) {
                break;
            }
        }
        out().flush();
    }

    private String agentId(Map<String, String> labels) {
        if (labels.isEmpty()) {
            return agent; // no hosts yet (Queued): take it as an agent id
        }
        for (Map.Entry<String, String> host : labels.entrySet()) {
            if (host.getKey().equals(agent) || host.getValue().equals(agent)) {
                return host.getKey();
            }
        }
        throw new CliFailure("deployment " + id + " has no host '" + agent + "'; its hosts are: "
                + (labels.isEmpty() ? "(none yet)" : String.join(", ", labels.values())), ExitCodes.USAGE);
    }

    /** @param sent the line as the controller sent it, for {@code --output json} */
    private void print(LogLineView line, JsonNode sent, String label) {
        if (printing.output == OutputFormat.table) {
            out().println(LogLines.format(line, label, raw));
            return;
        }
        if (printing.output == OutputFormat.yaml) {
            out().print("---\n" + YamlText.of(sent)); // one document per line, so --follow stays parseable
            return;
        }
        try {
            out().println(mapper().writeValueAsString(sent)); // one object per line, so --follow stays parseable
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot print JSON", e);
        }
    }

    private static void pause(WakeUps wakeUps) {
        try {
            wakeUps.await(POLL);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliFailure("interrupted", ExitCodes.REFUSED);
        }
    }
}
