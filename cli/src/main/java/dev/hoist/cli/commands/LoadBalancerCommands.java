package dev.hoist.cli.commands;

import dev.hoist.api.LoadBalancerBody;
import dev.hoist.api.LoadBalancerView;
import dev.hoist.api.WaitBeforeReroute;
import dev.hoist.cli.CliContext;
import dev.hoist.cli.ExitCodes;
import dev.hoist.cli.client.Answer;
import dev.hoist.cli.client.ApiClient;
import dev.hoist.cli.client.CliFailure;
import dev.hoist.cli.deployments.DeploymentJson;
import dev.hoist.cli.output.Table;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code hoist group load-balancer set|show|remove}: the load balancer a group's hosts sit behind. */
@Command(name = "load-balancer", description = "The load balancer a group's hosts sit behind (docs/traffic.md).",
        subcommands = {LoadBalancerCommands.Set.class, LoadBalancerCommands.Show.class,
            LoadBalancerCommands.Remove.class})
public final class LoadBalancerCommands {

    @Command(name = "set", description = "Put the group's hosts behind a load balancer, or change it. The balancer's "
            + "agent must be connected and every host must have a server in every backend.")
    public static final class Set extends ApiCommand {
        @Mixin
        GroupOptions target;

        @Option(names = "--agent", paramLabel = "ID", description = "the agent on the balancer's host")
        String agent;

        @Option(names = "--agent-tag", paramLabel = "K=V",
                description = "or: the first connected agent with this tag drives the balancer")
        String agentTag;

        @Option(names = "--backend", required = true, paramLabel = "NAME",
                description = "a backend the group's hosts serve in (repeat)")
        List<String> backends;

        @Option(names = "--server-tag", paramLabel = "KEY",
                description = "the agent tag whose value is a host's server name (default: the hostname)")
        String serverTag;

        @Option(names = "--drain-timeout", paramLabel = "DURATION",
                description = "how long BlockTraffic lets open connections finish (default 30s)")
        String drainTimeout;

        @Option(names = "--up-timeout", paramLabel = "DURATION",
                description = "how long AllowTraffic waits for the balancer's health check (default 60s)")
        String upTimeout;

        @Option(names = "--guard-timeout", paramLabel = "DURATION",
                description = "how long BlockTraffic waits while the host is the last server up (default 5m)")
        String guardTimeout;

        @Option(names = "--blue", paramLabel = "K=V",
                description = "blue/green: the tag of the blue set of the group's hosts (with --green)")
        String blueTag;

        @Option(names = "--green", paramLabel = "K=V", description = "blue/green: the tag of the green set")
        String greenTag;

        @Option(names = "--wait-for-continue", paramLabel = "DURATION",
                description = "blue/green: once every replacement host is ready, a deployment waits (Ready) for "
                        + "hoist deployment continue ID this long before the reroute, then is Stopped (at most 2d; "
                        + "default: reroute at once)")
        String waitForContinue;

        @Option(names = "--retire-original-after", paramLabel = "DURATION",
                description = "blue/green: this long after a reroute, the original set's hosts run ApplicationStop "
                        + "(0s to 2d; default: keep the original set ready for the next switch)")
        String retireOriginalAfter;

        public Set(CliContext context) {
            super(context);
        }

        @Override
        protected void call(ApiClient client) {
            if ((agent == null) == (agentTag == null)) {
                throw new CliFailure("name the balancer's agent with --agent ID or --agent-tag K=V, exactly one",
                        ExitCodes.USAGE);
            }
            LoadBalancerBody body = new LoadBalancerBody(agent, agentTag, backends, serverTag,
                    seconds("--drain-timeout", drainTimeout), seconds("--up-timeout", upTimeout),
                    seconds("--guard-timeout", guardTimeout), blueTag, greenTag,
                    waitForContinue == null ? null
                            : new WaitBeforeReroute(seconds("--wait-for-continue", waitForContinue)),
                    seconds("--retire-original-after", retireOriginalAfter));
            Answer<LoadBalancerView> set = client.put(target.path("/load-balancer"), body, LoadBalancerView.class);
            if (printedAsData(set)) {
                return;
            }
            out().println("Group " + target.group + " of " + target.app + " is behind backend(s) "
                    + String.join(", ", set.value().backends()) + (set.value().serving() != null
                    ? "; deployments are blue/green: they install on the set that does not serve, then switch"
                    + (set.value().waitBeforeReroute() != null ? " once continued (hoist deployment continue ID)"
                    : "")
                    : "; deployments run BlockTraffic and AllowTraffic around each host."));
            print(set.value(), out());
        }

        private static Long seconds(String option, String duration) {
            return duration == null ? null : DurationOption.seconds(option, duration);
        }
    }

    @Command(name = "show", description = "The group's load balancer and each host's traffic state now.")
    public static final class Show extends ApiCommand {
        @Mixin
        GroupOptions target;

        public Show(CliContext context) {
            super(context);
        }

        @Override
        protected void call(ApiClient client) {
            Answer<LoadBalancerView> shown = client.get(target.path("/load-balancer"), LoadBalancerView.class);
            if (printedAsData(shown)) {
                return;
            }
            print(shown.value(), out());
        }
    }

    @Command(name = "remove", description = "Take the group off its load balancer (later deployments skip the "
            + "traffic steps).")
    public static final class Remove extends ApiCommand {
        @Mixin
        GroupOptions target;

        public Remove(CliContext context) {
            super(context);
        }

        @Override
        protected void call(ApiClient client) {
            client.delete(target.path("/load-balancer"));
            out().println("Group " + target.group + " of " + target.app + " is no longer behind a load balancer.");
        }
    }

    static void print(LoadBalancerView view, PrintWriter out) {
        out.println("Balancer agent: " + (view.balancerAgentId() != null ? view.balancerAgentId() : "none connected")
                + (view.agentTag() != null ? " (tag " + view.agentTag() + ")" : ""));
        out.println("Backends:       " + String.join(", ", view.backends()));
        out.println("Server names:   " + (view.serverTag() == null ? "hostnames" : "tag " + view.serverTag()));
        out.println("Timeouts:       drain " + view.drainTimeoutSeconds() + " s, up " + view.upTimeoutSeconds()
                + " s, guard " + view.guardTimeoutSeconds() + " s");
        if (view.serving() != null) {
            out.println("Blue/green:     blue " + view.blueTag() + ", green " + view.greenTag() + "; serving: "
                    + view.serving());
            WaitBeforeReroute wait = view.waitBeforeReroute();
            out.println("Reroute:        " + (wait == null ? "as soon as every replacement host is ready"
                    : "waits for hoist deployment continue ID, at most "
                    + DeploymentJson.duration(Duration.ofSeconds(wait.expirySeconds()))
                    + " (then the deployment is Stopped)"));
            out.println("Original set:   " + (view.retireOriginalAfterSeconds() == null
                    ? "kept ready (installed, out of service) for the next switch"
                    : view.retireOriginalAfterSeconds() == 0 ? "retired (ApplicationStop) as soon as it left the traffic"
                    : "retired (ApplicationStop) " + DeploymentJson.duration(
                            Duration.ofSeconds(view.retireOriginalAfterSeconds())) + " after it left the traffic"));
        }
        if (view.serversError() != null) {
            out.println("Servers:        unknown (" + view.serversError() + ")");
        }
        Table table = new Table("HOST", "AGENT", "SET", "SERVER", "TRAFFIC");
        view.hosts().forEach(host -> table.row(host.hostname(), host.agentId(), host.set() == null ? "-" : host.set(),
                host.server() == null ? "-" : host.server(), host.traffic()));
        table.print(out);
    }
}
