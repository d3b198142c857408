package dev.hoist.cli.commands;

import dev.hoist.api.DeploymentView;
import dev.hoist.api.StopDeploymentRequest;
import dev.hoist.cli.CliContext;
import dev.hoist.cli.ExitCodes;
import dev.hoist.cli.client.Answer;
import dev.hoist.cli.client.ApiClient;
import dev.hoist.cli.client.CliFailure;
import dev.hoist.cli.deployments.DeploymentDetails;
import dev.hoist.cli.deployments.DeploymentJson;
import dev.hoist.cli.output.Table;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code hoist deployment list|get|stop|continue|logs}: deployments after they were created. */
@Command(name = "deployment", description = "Deployments: list, show, stop, continue, and read their hooks' output.",
        subcommands = {DeploymentCommands.ListDeployments.class, DeploymentCommands.Get.class,
                DeploymentCommands.Stop.class, DeploymentCommands.Continue.class, DeploymentLogsCommand.class})
public final class DeploymentCommands {

    @Command(name = "list", description = "List deployments, newest first.")
    public static final class ListDeployments extends ApiCommand {
        @Option(names = "--app", paramLabel = "APP", description = "only this application's")
        String app;

        @Option(names = "--group", paramLabel = "GROUP", description = "only this deployment group's")
        String group;

        @Option(names = "--status", paramLabel = "STATUS",
                description = "only these: Created, Queued, InProgress, Ready, Baking, Succeeded, Failed or Stopped")
        String status;

        @Option(names = "--limit", paramLabel = "N", defaultValue = "20", description = "at most N (default 20)")
        int limit;

        public ListDeployments(CliContext context) {
            super(context);
        }

        @Override
        protected void call(ApiClient client) {
            List<String> query = new ArrayList<>();
            if (app != null) {
                query.add("application=" + ApiClient.encode(app));
            }
            if (group != null) {
                query.add("group=" + ApiClient.encode(group));
            }
            if (status != null) {
                query.add("status=" + ApiClient.encode(status));
            }
            query.add("limit=" + limit);
            Answer<List<DeploymentView>> answer = client.getList("/api/v1/deployments?" + String.join("&", query),
                    DeploymentView.class);
            if (printedAsData(answer)) {
                return;
            }
            List<DeploymentView> deployments = answer.value();
            if (deployments.isEmpty()) {
                out().println(app == null && group == null && status == null
                        ? "No deployments yet; start one with: hoist deploy --app APP --group GROUP --wait"
                        : "No deployments match.");
                return;
            }
            Table table = new Table("ID", "APPLICATION", "GROUP", "REVISION", "STATUS", "HOSTS", "CREATOR", "CREATED");
            for (DeploymentView deployment : deployments) {
                DeploymentView.Summary summary = DeploymentJson.summary(deployment);
                String hosts = summary.succeeded() + "/" + DeploymentJson.hostsTotal(deployment) + " ok"
                        + (summary.failed() > 0 ? ", " + summary.failed() + " failed" : "");
                table.row(deployment.id(), deployment.application(), deployment.group(), deployment.revisionId(),
                        DeploymentJson.status(deployment), hosts, DeploymentJson.text(deployment.creator()),
                        humanize.relative(deployment.createdAt()));
            }
            table.print(out());
        }
    }

    @Command(name = "get", description = "Show one deployment: its status, and each host with its lifecycle events.")
    public static final class Get extends ApiCommand {
        @Parameters(paramLabel = "ID", description = "the deployment's id")
        String id;

        public Get(CliContext context) {
            super(context);
        }

        @Override
        protected void call(ApiClient client) {
            Answer<DeploymentView> deployment = client.get("/api/v1/deployments/" + ApiClient.encode(id),
                    DeploymentView.class);
            if (printedAsData(deployment)) {
                return;
            }
            new DeploymentDetails(humanize).print(deployment.value(), out());
        }
    }

    @Command(name = "stop", description = "Stop a deployment: hosts not yet started are Skipped; running hooks "
            + "finish, or with --cancel-running-hooks are terminated. Automatic rollback follows if the group has it.")
    public static final class Stop extends ApiCommand {
        @Parameters(paramLabel = "ID", description = "the deployment's id")
        String id;

        @Option(names = "--cancel-running-hooks",
                description = "terminate hook scripts running now (SIGTERM to their process group, then SIGKILL) "
                        + "instead of letting them finish")
        boolean cancelRunningHooks;

        public Stop(CliContext context) {
            super(context);
        }

        @Override
        protected void call(ApiClient client) {
            Answer<DeploymentView> answer = client.post("/api/v1/deployments/" + ApiClient.encode(id) + "/stop",
                    new StopDeploymentRequest(cancelRunningHooks), DeploymentView.class);
            if (printedAsData(answer)) {
                return;
            }
            DeploymentView deployment = answer.value();
            if (deployment == null) {
                throw new CliFailure("the controller accepted the stop but sent no deployment back; see: "
                        + "hoist deployment get " + id, ExitCodes.REFUSED);
            }
            out().println("Deployment " + id + " is " + DeploymentJson.status(deployment) + ": hosts not yet started are "
                    + "Skipped; running hooks " + (cancelRunningHooks ? "are being cancelled" : "may finish") + ".");
            String rollback = DeploymentJson.text(deployment.rollbackDeploymentId());
            if (rollback != null) {
                out().println("Automatic rollback: deployment " + rollback + " (follow it with: "
                        + "hoist deployment get " + rollback + ")");
            }
        }
    }

    @Command(name = "continue", description = "Blue/green: switch the traffic of a Ready deployment (every replacement "
            + "host is ready, and its group waits for continue) to the replacement set now.")
    public static final class Continue extends ApiCommand {
        @Parameters(paramLabel = "ID", description = "the deployment's id")
        String id;

        public Continue(CliContext context) {
            super(context);
        }

        @Override
        protected void call(ApiClient client) {
            Answer<DeploymentView> answer = client.post("/api/v1/deployments/" + ApiClient.encode(id) + "/continue",
                    null, DeploymentView.class);
            if (printedAsData(answer)) {
                return;
            }
            DeploymentView deployment = answer.value();
            if (deployment == null) {
                throw new CliFailure("the controller accepted the continue but sent no deployment back; see: "
                        + "hoist deployment get " + id, ExitCodes.REFUSED);
            }
            out().println("Deployment " + id + " is " + DeploymentJson.status(deployment) + ": the traffic is being "
                    + "switched to the replacement set (follow it with: hoist deployment get " + id + ").");
        }
    }
}
