package dev.hoist.cli.commands;

import dev.hoist.api.AutoDeployRequest;
import dev.hoist.api.AutoRollbackBody;
import dev.hoist.api.CreateDeploymentGroupRequest;
import dev.hoist.api.DeploymentGroupView;
import dev.hoist.api.DeploymentView;
import dev.hoist.api.GroupHostStatusView;
import dev.hoist.api.GroupHostView;
import dev.hoist.api.GroupStatusView;
import dev.hoist.api.HealthCheckBody;
import dev.hoist.api.LoadBalancerBody;
import dev.hoist.api.WaitBeforeReroute;
import dev.hoist.cli.CliContext;
import dev.hoist.cli.ExitCodes;
import dev.hoist.cli.client.Answer;
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

/** {@code hoist group create|update|list|get|status|converge|load-balancer}: deployment groups, the hosts an application deploys to. */
@Command(name = "group", description = "Deployment groups of an application.",
        subcommands = {GroupCommands.Create.class, GroupCommands.Update.class, GroupCommands.ListGroups.class,
            GroupCommands.Get.class, GroupCommands.Status.class, GroupCommands.Converge.class,
            LoadBalancerCommands.class})
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

        @Option(names = "--auto-deploy", paramLabel = "WHEN", completionCandidates = AutoDeployValues.class,
                description = "off, new-hosts (default: hosts that join get the group's revision) or all (also "
                        + "hosts that missed a deployment, when they come back)")
        String autoDeploy;

        @Option(names = "--load-balancer", paramLabel = "BACKEND",
                description = "the group's hosts serve in this backend of a load balancer (repeat); needs "
                        + "--balancer-agent or --balancer-agent-tag (docs/traffic.md)")
        List<String> backends;

        @Option(names = "--balancer-agent", paramLabel = "ID", description = "the agent on the balancer's host")
        String balancerAgent;

        @Option(names = "--balancer-agent-tag", paramLabel = "K=V",
                description = "or: the first connected agent with this tag drives the balancer")
        String balancerAgentTag;

        @Option(names = "--server-tag", paramLabel = "KEY",
                description = "the agent tag whose value is a host's server name (default: the hostname)")
        String serverTag;

        @Option(names = "--blue-green", paramLabel = "BLUE,GREEN",
                description = "blue/green deployments between the hosts with these two tags, e.g. pool=blue,pool=green")
        String blueGreen;

        @Option(names = "--wait-for-continue", paramLabel = "DURATION",
                description = "blue/green: wait (Ready) for hoist deployment continue ID this long before the reroute")
        String waitForContinue;

        public Create(CliContext context) {
            super(context);
        }

        @Override
        protected void call(ApiClient client) {
            boolean byTags = has(tags) || has(tagGroups);
            if (byTags == has(agents)) {
                throw new CliFailure("choose the group's hosts by tags (--tag K=V ...) or by agents (--agent ID ...), "
                        + "exactly one of the two", ExitCodes.USAGE);
            }
            List<List<String>> tagSet = new ArrayList<>();
            if (has(tags)) {
                tagSet.add(tags);
            }
            if (has(tagGroups)) {
                tagGroups.forEach(group -> tagSet.add(List.of(group.split(",", -1))));
            }
            Long scriptTimeoutLimitSeconds = scriptTimeoutLimit == null ? null
                    : Long.valueOf(DurationOption.seconds("--script-timeout-limit", scriptTimeoutLimit));
            CreateDeploymentGroupRequest request = new CreateDeploymentGroupRequest(name, byTags ? tagSet : null,
                    byTags ? null : agents, config, autoRollback ? new AutoRollbackBody(true, null) : null,
                    fileExistsBehavior, healthChecks(), scriptTimeoutLimitSeconds, autoDeploy, loadBalancer());
            Answer<DeploymentGroupView> created = client.post("/api/v1/applications/" + ApiClient.encode(application)
                    + "/deployment-groups", request, DeploymentGroupView.class);
            if (printedAsData(created)) {
                return;
            }
            List<GroupHostView> hosts = created.value().hosts();
            out().println("Created deployment group " + name + " of " + application + " ("
                    + (hosts == null ? 0 : hosts.size()) + " host(s) now)"
                    + (backends == null ? "" : ", behind backend(s) " + String.join(", ", backends)
                    + (blueGreen == null ? "" : ", blue/green")) + "; deploy with: hoist deploy --app " + application
                    + " --group " + name);
        }

        /** The load balancer asked for, or {@code null} for none. */
        private LoadBalancerBody loadBalancer() {
            if (!has(backends)) {
                if (balancerAgent != null || balancerAgentTag != null || serverTag != null || blueGreen != null
                        || waitForContinue != null) {
                    throw new CliFailure("--balancer-agent, --balancer-agent-tag, --server-tag, --blue-green and "
                            + "--wait-for-continue describe the group's load balancer; add --load-balancer BACKEND",
                            ExitCodes.USAGE);
                }
                return null;
            }
            if ((balancerAgent == null) == (balancerAgentTag == null)) {
                throw new CliFailure("name the balancer's agent with --balancer-agent ID or --balancer-agent-tag K=V, "
                        + "exactly one", ExitCodes.USAGE);
            }
            String blue = null;
            String green = null;
            if (blueGreen != null) {
                String[] sets = blueGreen.split(",", -1);
                if (sets.length != 2 || sets[0].isBlank() || sets[1].isBlank()) {
                    throw new CliFailure("--blue-green takes the two sets' tags, BLUE,GREEN, e.g. "
                            + "pool=blue,pool=green; not '" + blueGreen + "'", ExitCodes.USAGE);
                }
                blue = sets[0].trim();
                green = sets[1].trim();
            } else if (waitForContinue != null) {
                throw new CliFailure("--wait-for-continue is for blue/green groups: add --blue-green BLUE,GREEN",
                        ExitCodes.USAGE);
            }
            return new LoadBalancerBody(balancerAgent, balancerAgentTag, backends, serverTag, null, null, null, blue,
                    green, waitForContinue == null ? null
                            : new WaitBeforeReroute(DurationOption.seconds("--wait-for-continue", waitForContinue)),
                    null);
        }

        /** The health gates asked for, or {@code null} for none. */
        private List<HealthCheckBody> healthChecks() {
            List<HealthCheckBody> checks = new ArrayList<>();
            if (healthHttp != null) {
                healthHttp.forEach(url -> checks.add(check("http", url, healthStatus)));
            }
            if (healthTcp != null) {
                healthTcp.forEach(target -> checks.add(check("tcp", target, null)));
            }
            if (healthCommand != null) {
                healthCommand.forEach(command -> checks.add(check("command", command, null)));
            }
            if (checks.isEmpty()) {
                if (healthStatus != null || healthInterval != null || healthTimeout != null || healthBake != null) {
                    throw new CliFailure("--health-status, --health-interval, --health-timeout and --health-bake "
                            + "apply to health checks; add --health-http, --health-tcp or --health-command",
                            ExitCodes.USAGE);
                }
                return null;
            }
            return checks;
        }

        private HealthCheckBody check(String type, String target, Integer expectedStatus) {
            return new HealthCheckBody(type, target, expectedStatus, seconds("--health-interval", healthInterval),
                    seconds("--health-timeout", healthTimeout), seconds("--health-bake", healthBake));
        }

        private static Integer seconds(String option, String duration) {
            if (duration == null) {
                return null;
            }
            long seconds = DurationOption.seconds(option, duration);
            if (seconds > Integer.MAX_VALUE) {
                throw new CliFailure(option + " " + duration + " is longer than any health check may take",
                        ExitCodes.USAGE);
            }
            return (int) seconds;
        }

        private static boolean has(List<String> values) {
            return values != null && !values.isEmpty();
        }
    }

    /** The values of {@code --auto-deploy}, for completion and help. */
    static final class AutoDeployValues extends ArrayList<String> {
        AutoDeployValues() {
            super(List.of("off", "new-hosts", "all"));
        }
    }

    @Command(name = "update", description = "Change a deployment group's settings.")
    public static final class Update extends ApiCommand {
        @Option(names = "--app", required = true, paramLabel = "APP", description = "the application")
        String application;

        @Option(names = "--name", required = true, paramLabel = "NAME", description = "the group's name")
        String name;

        @Option(names = "--auto-deploy", required = true, paramLabel = "WHEN",
                completionCandidates = AutoDeployValues.class,
                description = "off, new-hosts or all: which hosts get the group's revision without anyone deploying")
        String autoDeploy;

        public Update(CliContext context) {
            super(context);
        }

        @Override
        protected void call(ApiClient client) {
            Answer<DeploymentGroupView> updated = client.put("/api/v1/applications/" + ApiClient.encode(application)
                    + "/deployment-groups/" + ApiClient.encode(name) + "/auto-deploy",
                    new AutoDeployRequest(autoDeploy), DeploymentGroupView.class);
            if (printedAsData(updated)) {
                return;
            }
            out().println("Deployment group " + name + " of " + application + ": auto-deploy "
                    + updated.value().autoDeploy());
        }
    }

    @Command(name = "status", description = "Show the group's revision and whether each host runs it.")
    public static final class Status extends ApiCommand {
        @Option(names = "--app", required = true, paramLabel = "APP", description = "the application")
        String application;

        @Option(names = "--name", required = true, paramLabel = "NAME", description = "the group's name")
        String name;

        public Status(CliContext context) {
            super(context);
        }

        @Override
        protected void call(ApiClient client) {
            Answer<GroupStatusView> answer = client.get("/api/v1/applications/" + ApiClient.encode(application)
                    + "/deployment-groups/" + ApiClient.encode(name) + "/status", GroupStatusView.class);
            if (printedAsData(answer)) {
                return;
            }
            GroupStatusView status = answer.value();
            PrintWriter out = out();
            out.println("Group:       " + status.group() + " of " + status.application());
            out.println("Revision:    " + (status.revisionId() == null ? "none yet (no deployment has succeeded)"
                    : status.revisionId() + " (deployment " + status.deploymentId() + ")"));
            out.println("Auto-deploy: " + status.autoDeploy());
            List<String> counted = new ArrayList<>();
            status.counts().forEach((state, count) -> {
                if (count > 0) {
                    counted.add(count + " " + state);
                }
            });
            out.println("Hosts:       " + (counted.isEmpty() ? "none" : String.join(", ", counted)));
            out.println();
            if (!status.hosts().isEmpty()) {
                Table table = new Table("AGENT", "HOSTNAME", "REVISION", "STATE", "DETAIL");
                for (GroupHostStatusView host : status.hosts()) {
                    table.row(host.agentId(), host.hostname(), host.revisionId() == null ? "-" : host.revisionId(),
                            host.state(), detail(host));
                }
                table.print(out);
            }
            out.flush();
        }

        private static String detail(GroupHostStatusView host) {
            return switch (host.state()) {
                case "behind" -> (host.missedDeploymentIds() == null || host.missedDeploymentIds().isEmpty() ? ""
                        : "missed " + String.join(", ", host.missedDeploymentIds()))
                        + (host.failure() == null ? "" : " (" + host.failure() + ")");
                case "failed" -> host.deploymentId() + ": " + host.failure()
                        + (host.message() == null ? "" : " " + host.message());
                case "pending" -> "in " + host.deploymentId();
                default -> "";
            };
        }
    }

    @Command(name = "converge", description = "Deploy the group's revision to its connected hosts not on it.")
    public static final class Converge extends ApiCommand {
        @Option(names = "--app", required = true, paramLabel = "APP", description = "the application")
        String application;

        @Option(names = "--name", required = true, paramLabel = "NAME", description = "the group's name")
        String name;

        public Converge(CliContext context) {
            super(context);
        }

        @Override
        protected void call(ApiClient client) {
            Answer<DeploymentView> created = client.post("/api/v1/applications/" + ApiClient.encode(application)
                    + "/deployment-groups/" + ApiClient.encode(name) + "/converge", null, DeploymentView.class);
            if (printedAsData(created)) {
                return;
            }
            DeploymentView deployment = created.value();
            out().println(deployment.id());
            context.err().println("Deployment " + deployment.id() + " (" + deployment.description() + ") is "
                    + deployment.status() + ". Follow it with: hoist deployment get " + deployment.id());
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
            Answer<List<DeploymentGroupView>> answer = client.getList("/api/v1/applications/"
                    + ApiClient.encode(application) + "/deployment-groups", DeploymentGroupView.class);
            if (printedAsData(answer)) {
                return;
            }
            List<DeploymentGroupView> groups = answer.value();
            if (groups.isEmpty()) {
                out().println("No deployment groups; create one with: hoist group create --app " + application
                        + " --name NAME --tag KEY=VALUE");
                return;
            }
            Table table = new Table("NAME", "HOSTS BY", "CONFIG", "AUTO-ROLLBACK", "HEALTH CHECKS");
            for (DeploymentGroupView group : groups) {
                table.row(group.name(), GroupDetails.target(group), group.config(),
                        GroupDetails.autoRollback(group) ? "yes" : "no", GroupDetails.healthChecks(group).size());
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
            Answer<DeploymentGroupView> group = client.get("/api/v1/applications/" + ApiClient.encode(application)
                    + "/deployment-groups/" + ApiClient.encode(name), DeploymentGroupView.class);
            if (printedAsData(group)) {
                return;
            }
            GroupDetails.print(group.value(), out());
        }
    }

    /** The people's view of one group. */
    private static final class GroupDetails {
        static String target(DeploymentGroupView group) {
            if (group.tagSet() != null) {
                List<String> groups = new ArrayList<>();
                group.tagSet().forEach(any -> groups.add(any.size() == 1 ? any.get(0)
                        : "(" + String.join(" or ", any) + ")"));
                return "tags " + String.join(" and ", groups);
            }
            return "agents " + String.join(", ", group.agentIds() == null ? List.of() : group.agentIds());
        }

        static boolean autoRollback(DeploymentGroupView group) {
            return group.autoRollback() != null && Boolean.TRUE.equals(group.autoRollback().enabled());
        }

        static List<HealthCheckBody> healthChecks(DeploymentGroupView group) {
            return group.healthChecks() == null ? List.of() : group.healthChecks();
        }

        static void print(DeploymentGroupView group, PrintWriter out) {
            out.println("Group:          " + group.name() + " (" + group.id() + ")");
            out.println("Application:    " + group.application());
            out.println("Hosts by:       " + target(group));
            out.println("Config:         " + group.config());
            List<String> triggers = group.autoRollback() == null || group.autoRollback().triggers() == null
                    ? List.of() : group.autoRollback().triggers();
            out.println("Auto-rollback:  " + (autoRollback(group) ? "on " + String.join(", ", triggers) : "off"));
            out.println("File exists:    " + (group.fileExistsBehavior() == null ? "(the AppSpec's, else DISALLOW)"
                    : group.fileExistsBehavior()));
            out.println("Script limit:   " + group.scriptTimeoutLimitSeconds() + "s per event");
            out.println("Auto-deploy:    " + group.autoDeploy());
            for (HealthCheckBody check : healthChecks(group)) {
                int expected = check.expectedStatus() == null ? 0 : check.expectedStatus();
                out.println("Health check:   " + check.type() + " " + check.target()
                        + (expected > 0 ? " expects " + expected : "")
                        + ", every " + orZero(check.intervalSeconds()) + "s, timeout "
                        + orZero(check.timeoutSeconds()) + "s, bake " + orZero(check.bakeSeconds()) + "s");
            }
            out.println();
            List<GroupHostView> hosts = group.hosts() == null ? List.of() : group.hosts();
            if (hosts.isEmpty()) {
                out.println("No hosts match right now.");
            } else {
                Table table = new Table("AGENT", "HOSTNAME", "STATE", "TAGS");
                hosts.forEach(host -> table.row(host.agentId(), host.hostname(), host.state(),
                        Humanize.tags(host.tags())));
                table.print(out);
            }
            if (group.unknownAgentIds() != null) {
                group.unknownAgentIds().forEach(id -> out.println("Unknown agent: " + id));
            }
            out.flush();
        }

        private static int orZero(Integer value) {
            return value == null ? 0 : value;
        }
    }
}
