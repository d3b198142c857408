package dev.hoist.cli.commands;

import dev.hoist.api.AgentDistributionView;
import dev.hoist.api.AgentUpgradeRequest;
import dev.hoist.api.AgentUpgradeView;
import dev.hoist.api.BundleUpload;
import dev.hoist.api.DeploymentView;
import dev.hoist.cli.CliContext;
import dev.hoist.cli.ExitCodes;
import dev.hoist.cli.client.Answer;
import dev.hoist.cli.client.ApiClient;
import dev.hoist.cli.client.CliFailure;
import dev.hoist.cli.deployments.DeploymentJson;
import dev.hoist.cli.deployments.DeploymentProgress;
import dev.hoist.cli.deployments.DeploymentWatcher;
import dev.hoist.cli.deployments.LineProgress;
import dev.hoist.cli.deployments.ServerSentWakeUps;
import dev.hoist.cli.deployments.TerminalProgress;
import dev.hoist.cli.deployments.WakeUps;
import dev.hoist.cli.output.Table;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code hoist agent upgrade} and {@code hoist agent dist push|list}: agents upgraded the way applications are
 * deployed (docs/install.md, "Agent upgrades").
 */
public final class AgentUpgradeCommands {

    private AgentUpgradeCommands() {
    }

    @Command(name = "upgrade", description = "Upgrade the agents with the given tags to an agent distribution, as a "
            + "deployment: canary first, by the deployment config, rolled back automatically if it fails.")
    public static final class Upgrade extends ApiCommand {
        @Option(names = "--tag", required = true, paramLabel = "KEY=VALUE",
                description = "upgrade the agents with this tag (repeat, up to 3: all must match)")
        List<String> tags;

        @Option(names = "--version", paramLabel = "V",
                description = "a registered distribution's version (hoist agent dist list); default: the one "
                        + "the controller serves at /install/")
        String version;

        @Option(names = "--config", paramLabel = "NAME",
                description = "deployment config, e.g. OneAtATime (the default), HalfAtATime")
        String config;

        @Option(names = "--deadline", paramLabel = "DURATION", converter = DurationConverter.class,
                description = "how long each agent may take to come back on the new version (default 10m); set on "
                        + "the first upgrade of these tags")
        Duration deadline;

        @Option(names = "--auto-rollback", negatable = true, defaultValue = "true",
                description = "roll back to the previous agent version if the upgrade fails (default); "
                        + "--no-auto-rollback leaves it where it stopped")
        boolean autoRollback;

        @Option(names = "--wait", description = "follow the upgrade live and exit 0 only if it Succeeded")
        boolean await;

        @Option(names = "--timeout", defaultValue = "1h", paramLabel = "DURATION", converter = DurationConverter.class,
                description = "with --wait, give up waiting after this long (default 1h); the upgrade goes on")
        Duration timeout;

        public Upgrade(CliContext context) {
            super(context);
        }

        @Override
        protected void call(ApiClient client) {
            Map<String, String> selected = KeyValues.parse(tags, "tag");
            Answer<AgentUpgradeView> answer = client.post("/api/v1/agent-upgrades", new AgentUpgradeRequest(selected,
                    version, config, deadline == null ? null : deadline.toSeconds(), autoRollback ? null : false),
                    AgentUpgradeView.class);
            AgentUpgradeView started = answer.value();
            String id = started.deploymentId();
            if (!await) {
                if (!printedAsData(answer)) {
                    out().println(id);
                    context.err().println("Upgrade to agent " + started.version() + ": deployment " + id + " ("
                            + started.status() + ") of " + started.application() + " to group " + started.group()
                            + ". Follow it with: hoist deployment get " + id);
                }
                return;
            }
            PrintWriter progressOut = machineReadable() ? context.err() : out();
            progressOut.println("Upgrade to agent " + started.version() + ": deployment " + id + " to group "
                    + started.group() + " (" + started.status() + ")");
            Instant until = context.clock().instant().plus(timeout);
            try (WakeUps wakeUps = ServerSentWakeUps.open(client, mapper(), id)) {
                DeploymentWatcher watcher = new DeploymentWatcher(client, wakeUps, context.clock());
                DeploymentWatcher.Outcome outcome = follow(watcher, id, until, progressOut);
                if (outcome.timedOut()) {
                    throw new CliFailure("upgrade " + id + " is still " + DeploymentJson.status(outcome.deployment())
                            + " at --timeout; it goes on: hoist deployment get " + id, ExitCodes.WAIT_TIMED_OUT);
                }
                Answer<DeploymentView> ended = outcome.answer();
                progressOut.println(DeployCommand.summary(ended.value()));
                String rollbackId = DeploymentJson.text(ended.value().rollbackDeploymentId());
                if (rollbackId != null) {
                    progressOut.println("Automatic rollback: deployment " + rollbackId + " returns the agents to the "
                            + "last agent version upgraded to successfully");
                    DeploymentWatcher.Outcome rollback = follow(watcher, rollbackId, until, progressOut);
                    progressOut.println(DeployCommand.summary(rollback.deployment()));
                }
                printedAsData(ended);
                String status = DeploymentJson.status(ended.value());
                if (!"Succeeded".equals(status)) {
                    throw new CliFailure("upgrade " + id + " " + status.toLowerCase(java.util.Locale.ROOT),
                            "Stopped".equals(status) ? ExitCodes.DEPLOYMENT_STOPPED : ExitCodes.DEPLOYMENT_FAILED);
                }
            }
        }

        private DeploymentWatcher.Outcome follow(DeploymentWatcher watcher, String id, Instant until, PrintWriter to) {
            DeploymentProgress progress = context.terminal() && !machineReadable() ? new TerminalProgress(to)
                    : new LineProgress(to);
            try {
                return watcher.watch(id, until, progress);
            } finally {
                progress.close();
            }
        }
    }

    @Command(name = "dist", description = "Agent distributions that hoist agent upgrade deploys.",
            subcommands = {DistPush.class, DistList.class})
    public static final class Dist {
    }

    @Command(name = "push", description = "Register an agent distribution (the hoist-agent-linux-ARCH.tar.gz "
            + "that mvn package builds); its version is what its VERSION file says.")
    public static final class DistPush extends ApiCommand {
        @Parameters(paramLabel = "FILE", description = "the distribution tarball")
        Path file;

        public DistPush(CliContext context) {
            super(context);
        }

        @Override
        protected void call(ApiClient client) {
            if (!Files.isRegularFile(file)) {
                throw new CliFailure(file + " is not a file: give the tarball agent/target/hoist-agent-linux-x86_64.tar.gz "
                        + "that mvn package builds", ExitCodes.USAGE);
            }
            Answer<AgentDistributionView> answer = client.upload("/api/v1/agent-distributions", file,
                    BundleUpload.GZIP, AgentDistributionView.class);
            if (printedAsData(answer)) {
                return;
            }
            AgentDistributionView registered = answer.value();
            out().println("Agent distribution " + registered.version() + " (linux-" + registered.architecture()
                    + ") is revision " + registered.revisionId() + "; upgrade to it with: hoist agent upgrade --tag "
                    + "KEY=VALUE --version " + registered.version());
        }
    }

    @Command(name = "list", description = "List the registered agent distributions, newest first.")
    public static final class DistList extends ApiCommand {
        public DistList(CliContext context) {
            super(context);
        }

        @Override
        protected void call(ApiClient client) {
            Answer<List<AgentDistributionView>> answer = client.getList("/api/v1/agent-distributions",
                    AgentDistributionView.class);
            if (printedAsData(answer)) {
                return;
            }
            if (answer.value().isEmpty()) {
                out().println("No agent distribution registered yet: hoist agent upgrade registers the one the "
                        + "controller serves, hoist agent dist push FILE another");
                return;
            }
            Table table = new Table("VERSION", "ARCH", "REVISION", "SHA256", "CREATED");
            for (AgentDistributionView distribution : answer.value()) {
                table.row(distribution.version(), distribution.architecture(), distribution.revisionId(),
                        distribution.sha256().substring(0, 16), humanize.relative(distribution.createdAt()));
            }
            table.print(out());
        }
    }
}
