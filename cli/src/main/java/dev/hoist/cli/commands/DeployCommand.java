package dev.hoist.cli.commands;

import dev.hoist.api.CreateDeploymentRequest;
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
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code hoist deploy}: creates a deployment and, with {@code --wait}, follows it (and its automatic
 * rollback) to the end. The exit status says how it ended: 0 Succeeded, 5 Failed, 6 Stopped, 7 still
 * running at {@code --timeout}.
 */
@Command(name = "deploy", description = "Deploy a revision to a deployment group; with --wait, follow it to the end.")
public final class DeployCommand extends ApiCommand {
    /** Attempts at the create request: the first and four retries, 0.25 s to 2 s apart. */
    private static final int CREATE_ATTEMPTS = 5;

    /** What Install does with a file that is on the host but was not installed by this group. */
    enum FileExistsBehavior { DISALLOW, OVERWRITE, RETAIN }

    @Option(names = "--app", required = true, paramLabel = "APP", description = "the application")
    String app;

    @Option(names = "--group", required = true, paramLabel = "GROUP", description = "the deployment group")
    String group;

    @Option(names = "--revision", defaultValue = "latest", paramLabel = "ID|latest",
            description = "revision to deploy (default: latest, the newest pushed)")
    String revision;

    @Option(names = "--config", paramLabel = "NAME",
            description = "deployment config, e.g. OneAtATime, HalfAtATime, AllAtOnce (default: the group's)")
    String config;

    @Option(names = "--ignore-application-stop-failures",
            description = "a failing ApplicationStop (of the revision installed now) is a warning, not a failure")
    boolean ignoreApplicationStopFailures;

    @Option(names = "--file-exists-behavior", paramLabel = "B",
            description = "DISALLOW, OVERWRITE or RETAIN, for files on the host that this group did not install "
                    + "(default: the group's, else DISALLOW)")
    FileExistsBehavior fileExistsBehavior;

    @Option(names = "--auto-rollback", negatable = true,
            description = "roll back automatically if this deployment fails or is stopped (default: the group's "
                    + "setting); --no-auto-rollback turns it off for this deployment")
    Boolean autoRollback;

    @Option(names = "--description", paramLabel = "TEXT", description = "why, for the record")
    String description;

    @Option(names = "--override-freeze", paramLabel = "REASON",
            description = "deploy inside a freeze window anyway (admin tokens only); the reason goes to the audit log")
    String overrideFreeze;

    @Option(names = "--wait", description = "follow the deployment live and exit 0 only if it Succeeded")
    boolean await;

    @Option(names = "--timeout", defaultValue = "1h", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "with --wait, give up waiting after this long (default 1h); the deployment goes on")
    Duration timeout;

    public DeployCommand(CliContext context) {
        super(context);
    }

    @Override
    protected void call(ApiClient client) {
        // One key for this command's attempts: a retry after a lost answer or a 503 cannot deploy twice.
        Answer<DeploymentView> answer = client.postIdempotent("/api/v1/deployments", request(), DeploymentView.class,
                "hoist-cli-" + java.util.UUID.randomUUID(), CREATE_ATTEMPTS);
        DeploymentView created = answer.value();
        String id = created.id();
        if (!await) {
            if (!printedAsData(answer)) {
                out().println(id);
                context.err().println("Deployment " + id + " is " + DeploymentJson.status(created) + ". Follow it with: "
                        + "hoist deployment get " + id + "   or: hoist deployment logs " + id + " --follow");
            }
            return;
        }
        // With --output json|yaml or -q, stdout carries only the final object (or id): progress goes to stderr.
        PrintWriter progressOut = machineReadable() ? context.err() : out();
        progressOut.println("Deployment " + id + ": " + app + "/" + group + ", revision "
                + (created.revisionId() == null ? revision : created.revisionId()) + " ("
                + DeploymentJson.status(created) + ")");
        Instant deadline = context.clock().instant().plus(timeout);
        try (WakeUps wakeUps = ServerSentWakeUps.open(client, mapper(), id)) {
            DeploymentWatcher watcher = new DeploymentWatcher(client, wakeUps, context.clock());
            DeploymentWatcher.Outcome outcome = follow(watcher, id, deadline, progressOut);
            if (outcome.timedOut()) {
                throw new CliFailure("deployment " + id + " is still " + DeploymentJson.status(outcome.deployment())
                        + " after " + DeploymentJson.duration(timeout) + " (--timeout); it goes on. Watch it with: "
                        + "hoist deployment get " + id + "   or stop it with: hoist deployment stop " + id,
                        ExitCodes.WAIT_TIMED_OUT);
            }
            // The controller links the automatic rollback in the same write that ends the deployment.
            Answer<DeploymentView> ended = outcome.answer();
            progressOut.println(summary(ended.value()));
            String rollbackId = DeploymentJson.text(ended.value().rollbackDeploymentId());
            if (rollbackId != null) {
                followRollback(watcher, rollbackId, deadline, progressOut);
                ended = watcher.fetch(id);
            }
            printedAsData(ended);
            exitFor(ended.value());
        }
    }

    /** What was given, and nothing else: the controller's defaults (and the group's) apply to the rest. */
    private CreateDeploymentRequest request() {
        return new CreateDeploymentRequest(app, group, revision, config, ignoreApplicationStopFailures ? true : null,
                fileExistsBehavior == null ? null : fileExistsBehavior.name(), autoRollback, description,
                overrideFreeze);
    }

    private DeploymentWatcher.Outcome follow(DeploymentWatcher watcher, String id, Instant deadline, PrintWriter to) {
        DeploymentProgress progress = context.terminal() && !machineReadable() ? new TerminalProgress(to)
                : new LineProgress(to);
        try {
            return watcher.watch(id, deadline, progress);
        } finally {
            progress.close();
        }
    }

    private void followRollback(DeploymentWatcher watcher, String rollbackId, Instant deadline, PrintWriter to) {
        to.println("Automatic rollback: deployment " + rollbackId + " redeploys the group's last successful revision");
        DeploymentWatcher.Outcome rollback = follow(watcher, rollbackId, deadline, to);
        if (rollback.timedOut()) {
            to.println("Rollback " + rollbackId + " is still " + DeploymentJson.status(rollback.deployment())
                    + " at --timeout; it goes on: hoist deployment get " + rollbackId);
        } else {
            to.println("Rollback " + summary(rollback.deployment()).substring("Deployment ".length()));
        }
    }

    /** {@code "Deployment dep-1 Succeeded: 3 of 3 hosts in 4.2s."} and the like. */
    static String summary(DeploymentView deployment) {
        DeploymentView.Summary counts = DeploymentJson.summary(deployment);
        String id = deployment.id();
        String status = DeploymentJson.status(deployment);
        String took = DeploymentJson.duration(deployment.createdAt(), deployment.endedAt());
        String hosts = counts.succeeded() + " succeeded, " + counts.failed() + " failed, " + counts.skipped()
                + " skipped of " + DeploymentJson.hostsTotal(deployment) + " hosts";
        StringBuilder text = new StringBuilder("Deployment " + id + " " + status);
        String reason = DeploymentJson.reason(deployment);
        if (reason != null && !"Succeeded".equals(status)) {
            text.append(": ").append(reason);
        }
        text.append(" (").append(hosts).append(took == null ? "" : ", " + took).append(").");
        if (!"Succeeded".equals(status)) {
            text.append(" Details: hoist deployment get ").append(id).append("; output: hoist deployment logs ")
                    .append(id);
        }
        return text.toString();
    }

    private static void exitFor(DeploymentView deployment) {
        String id = deployment.id();
        switch (DeploymentJson.status(deployment)) {
            case "Succeeded" -> {
            }
            case "Stopped" -> throw new CliFailure("deployment " + id + " was stopped", ExitCodes.DEPLOYMENT_STOPPED);
            default -> throw new CliFailure("deployment " + id + " failed", ExitCodes.DEPLOYMENT_FAILED);
        }
    }
}
