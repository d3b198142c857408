package dev.hoist.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hoist.cli.CliContext;
import dev.hoist.cli.ExitCodes;
import dev.hoist.cli.client.ApiClient;
import dev.hoist.cli.client.CliFailure;
import dev.hoist.cli.output.Humanize;
import dev.hoist.cli.output.Table;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code hoist group create|list|get}: deployment groups, the hosts an application deploys to. */
@Command(name = "group", description = "Deployment groups of an application.",
        subcommands = {GroupCommands.Create.class, GroupCommands.ListGroups.class, GroupCommands.Get.class})
public final class GroupCommands {

    @Command(name = "create", description = "Create a deployment group, by tags or by agent ids.")
    public static final class Create extends ApiCommand {
        @Option(names = "--app", required = true, paramLabel = "APP", description = "the application")
        String application;

        @Option(names = "--name", required = true, paramLabel = "NAME", description = "the group's name")
        String name;

        @Option(names = "--tag", paramLabel = "FILTER",
                description = "K=V, K or =V; a host matching any --tag belongs (repeat)")
        List<String> tags;

        @Option(names = "--tag-group", paramLabel = "F1,F2",
                description = "one more group of filters a host must also match one of (up to three groups in all)")
        List<String> tagGroups;

        @Option(names = "--agent", paramLabel = "ID", description = "an agent of the group (repeat)")
        List<String> agents;

        @Option(names = "--config", paramLabel = "NAME", description = "deployment config (default OneAtATime)")
        String config;

        @Option(names = "--auto-rollback",
                description = "roll back automatically when a deployment fails or a health gate fails")
        boolean autoRollback;

        @Option(names = "--file-exists-behavior", paramLabel = "B", description = "DISALLOW, OVERWRITE or RETAIN")
        String fileExistsBehavior;

        @Option(names = "--health-http", paramLabel = "URL", description = "health gate: GET this URL (repeat)")
        List<String> healthHttp;

        @Option(names = "--health-tcp", paramLabel = "HOST:PORT", description = "health gate: connect here (repeat)")
        List<String> healthTcp;

        @Option(names = "--health-command", paramLabel = "CMD", description = "health gate: run this (repeat)")
        List<String> healthCommand;

        @Option(names = "--health-status", paramLabel = "CODE",
                description = "HTTP status the --health-http checks expect (default: any 2xx)")
        Integer healthStatus;

        @Option(names = "--health-interval", paramLabel = "DURATION", description = "between checks, e.g. 5s")
        String healthInterval;

        @Option(names = "--health-timeout", paramLabel = "DURATION", description = "for one check, e.g. 5s")
        String healthTimeout;

        @Option(names = "--health-bake", paramLabel = "DURATION",
                description = "how long the checks must keep passing, e.g. 30s")
        String healthBake;

        @Option(names = "--script-timeout-limit", paramLabel = "DURATION",
                description = "the most one event's scripts may take together (default 1h, at most 24h)")
        String scriptTimeoutLimit;

        public Create(CliContext context) {
            super(context);
        }

        @Override
        protected void call(ApiClient client) {
            ObjectNode request = JSON.createObjectNode().put("name", name);
            boolean byTags = has(tags) || has(tagGroups);
            if (byTags == has(agents)) {
                throw new CliFailure("choose the group's hosts by tags (--tag K=V ...) or by agents (--agent ID ...), "
                        + "exactly one of the two", ExitCodes.USAGE);
            }
            if (byTags) {
                ArrayNode tagSet = request.putArray("tagSet");
                if (has(tags)) {
                    tagSet.add(JSON.valueToTree(tags));
                }
                if (has(tagGroups)) {
                    tagGroups.forEach(group -> tagSet.add(JSON.valueToTree(List.of(group.split(",", -1)))));
                }
            } else {
                request.set("agentIds", JSON.valueToTree(agents));
            }
            if (config != null) {
                request.put("config", config);
            }
            if (autoRollback) {
                request.putObject("autoRollback").put("enabled", true);
            }
            if (fileExistsBehavior != null) {
                request.put("fileExistsBehavior", fileExistsBehavior);
            }
            healthChecks(request);
            if (scriptTimeoutLimit != null) {
                request.put("scriptTimeoutLimitSeconds", DurationOption.seconds("--script-timeout-limit",
                        scriptTimeoutLimit));
            }
            JsonNode created = client.post("/api/v1/applications/" + ApiClient.encode(application)
                    + "/deployment-groups", request);
            if (json()) {
                printJson(created);
                return;
            }
            out().println("Created deployment group " + name + " of " + application + " ("
                    + created.path("hosts").size() + " host(s) now); deploy with: hoist deploy --app " + application
                    + " --group " + name);
        }

        private void healthChecks(ObjectNode request) {
            List<ObjectNode> checks = new ArrayList<>();
            if (healthHttp != null) {
                healthHttp.forEach(url -> {
                    ObjectNode check = check("http", url);
                    if (healthStatus != null) {
                        check.put("expectedStatus", healthStatus);
                    }
                    checks.add(check);
                });
            }
            if (healthTcp != null) {
                healthTcp.forEach(target -> checks.add(check("tcp", target)));
            }
            if (healthCommand != null) {
                healthCommand.forEach(command -> checks.add(check("command", command)));
            }
            if (checks.isEmpty()) {
                if (healthStatus != null || healthInterval != null || healthTimeout != null || healthBake != null) {
                    throw new CliFailure("--health-status, --health-interval, --health-timeout and --health-bake "
                            + "apply to health checks; add --health-http, --health-tcp or --health-command",
                            ExitCodes.USAGE);
                }
                return;
            }
            request.putArray("healthChecks").addAll(checks);
        }

        private ObjectNode check(String type, String target) {
            ObjectNode check = JSON.createObjectNode().put("type", type).put("target", target);
            if (healthInterval != null) {
                check.put("intervalSeconds", DurationOption.seconds("--health-interval", healthInterval));
            }
            if (healthTimeout != null) {
                check.put("timeoutSeconds", DurationOption.seconds("--health-timeout", healthTimeout));
            }
            if (healthBake != null) {
                check.put("bakeSeconds", DurationOption.seconds("--health-bake", healthBake));
            }
            return check;
        }

        private static boolean has(List<String> values) {
            return values != null && !values.isEmpty();
        }
    }

    @Command(name = "list", description = "List an application's deployment groups.")
    public static final class ListGroups extends ApiCommand {
        @Option(names = "--app", required = true, paramLabel = "APP", description = "the application")
        String application;

        public ListGroups(CliContext context) {
            super(context);
        }

        @Override
        protected void call(ApiClient client) {
            JsonNode groups = client.get("/api/v1/applications/" + ApiClient.encode(application) + "/deployment-groups");
            if (json()) {
                printJson(groups);
                return;
            }
            if (groups.isEmpty()) {
                out().println("No deployment groups; create one with: hoist group create --app " + application
                        + " --name NAME --tag KEY=VALUE");
                return;
            }
            Table table = new Table("NAME", "HOSTS BY", "CONFIG", "AUTO-ROLLBACK", "HEALTH CHECKS");
            for (JsonNode group : groups) {
                table.row(group.path("name").asText(), GroupDetails.target(group), group.path("config").asText(),
                        group.path("autoRollback").path("enabled").asBoolean() ? "yes" : "no",
                        group.path("healthChecks").size());
            }
            table.print(out());
        }
    }

    @Command(name = "get", description = "Show a deployment group and the hosts it resolves to now.")
    public static final class Get extends ApiCommand {
        @Option(names = "--app", required = true, paramLabel = "APP", description = "the application")
        String application;

        @Parameters(paramLabel = "GROUP", description = "the group's name")
        String name;

        public Get(CliContext context) {
            super(context);
        }

        @Override
        protected void call(ApiClient client) {
            JsonNode group = client.get("/api/v1/applications/" + ApiClient.encode(application)
                    + "/deployment-groups/" + ApiClient.encode(name));
            if (json()) {
                printJson(group);
                return;
            }
            GroupDetails.print(group, out());
        }
    }

    /** The people's view of one group. */
    private static final class GroupDetails {
        static String target(JsonNode group) {
            if (group.path("tagSet").isArray()) {
                List<String> groups = new ArrayList<>();
                group.path("tagSet").forEach(filters -> {
                    List<String> any = new ArrayList<>();
                    filters.forEach(filter -> any.add(filter.asText()));
                    groups.add(any.size() == 1 ? any.get(0) : "(" + String.join(" or ", any) + ")");
                });
                return "tags " + String.join(" and ", groups);
            }
            List<String> ids = new ArrayList<>();
            group.path("agentIds").forEach(id -> ids.add(id.asText()));
            return "agents " + String.join(", ", ids);
        }

        static void print(JsonNode group, PrintWriter out) {
            out.println("Group:          " + group.path("name").asText() + " (" + group.path("id").asText() + ")");
            out.println("Application:    " + group.path("application").asText());
            out.println("Hosts by:       " + target(group));
            out.println("Config:         " + group.path("config").asText());
            JsonNode rollback = group.path("autoRollback");
            List<String> triggers = new ArrayList<>();
            rollback.path("triggers").forEach(trigger -> triggers.add(trigger.asText()));
            out.println("Auto-rollback:  " + (rollback.path("enabled").asBoolean()
                    ? "on " + String.join(", ", triggers) : "off"));
            out.println("File exists:    " + group.path("fileExistsBehavior").asText("(the AppSpec's, else DISALLOW)"));
            out.println("Script limit:   " + group.path("scriptTimeoutLimitSeconds").asLong() + "s per event");
            for (JsonNode check : group.path("healthChecks")) {
                out.println("Health check:   " + check.path("type").asText() + " " + check.path("target").asText()
                        + (check.path("expectedStatus").asInt(0) > 0 ? " expects " + check.path("expectedStatus").asInt()
                                : "")
                        + ", every " + check.path("intervalSeconds").asInt() + "s, timeout "
                        + check.path("timeoutSeconds").asInt() + "s, bake " + check.path("bakeSeconds").asInt() + "s");
            }
            out.println();
            JsonNode hosts = group.path("hosts");
            if (hosts.isEmpty()) {
                out.println("No hosts match right now.");
            } else {
                Table table = new Table("AGENT", "HOSTNAME", "STATE", "TAGS");
                hosts.forEach(host -> table.row(host.path("agentId").asText(), host.path("hostname").asText(),
                        host.path("state").asText(), Humanize.tags(host.path("tags"))));
                table.print(out);
            }
            group.path("unknownAgentIds").forEach(id -> out.println("Unknown agent: " + id.asText()));
            out.flush();
        }
    }
}
