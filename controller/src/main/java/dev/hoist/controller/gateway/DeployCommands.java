package dev.hoist.controller.gateway;

import dev.hoist.controller.core.deploy.HealthCheckSpec;
import dev.hoist.controller.core.deploy.HostDeployment;
import dev.hoist.controller.core.traffic.RouterCall;
import dev.hoist.protocol.v1.AgentUpgrade;
import dev.hoist.protocol.v1.CancelCommand;
import dev.hoist.protocol.v1.DeployCommand;
import dev.hoist.protocol.v1.HealthCheck;
import dev.hoist.protocol.v1.RouterCommand;
import dev.hoist.protocol.v1.TrafficStepResult;
import java.time.Duration;

/** Translates the orchestrator's work for a host into the wire's commands: the one place that does. */
final class DeployCommands {
    /** The hook environment variable that also travels as {@code DeployCommand.bundle_commit}. */
    static final String BUNDLE_COMMIT = "BUNDLE_COMMIT";

    private DeployCommands() {
    }

    static DeployCommand toWire(HostDeployment work) {
        DeployCommand.Builder command = DeployCommand.newBuilder()
                .setCommandId(work.commandId())
                .setDeploymentId(work.deploymentId())
                .setApplicationName(work.application())
                .setDeploymentGroupName(work.groupName())
                .setDeploymentGroupId(work.groupId())
                .setRevisionId(work.revisionId())
                .setBundleSha256(work.bundleSha256())
                .setBundleSizeBytes(Math.max(0, work.bundleSizeBytes()))
                .setBundleType(work.bundleType())
                .addAllEvents(work.events())
                .setIgnoreApplicationStopFailures(work.ignoreApplicationStopFailures())
                .setScriptTimeoutLimitSeconds(seconds(work.scriptTimeoutLimit()))
                .putAllEnvironment(work.environment())
                .putAllSecretEnvironment(work.secrets());
        if (work.fileExistsBehavior() != null) {
            command.setFileExistsBehavior(work.fileExistsBehavior());
        }
        String commit = work.environment().get(BUNDLE_COMMIT);
        if (commit != null) {
            command.setBundleCommit(commit);
        }
        work.healthChecks().forEach(check -> command.addHealthChecks(toWire(check)));
        command.setTrafficStepTimeoutSeconds(seconds(work.trafficStepTimeout()));
        if (work.agentUpgradeVersion() != null) {
            command.setAgentUpgrade(AgentUpgrade.newBuilder().setVersion(work.agentUpgradeVersion()));
        }
        if (work.revisionSignature() != null) {
            command.setRevisionSignature(work.revisionSignature());
        }
        return command.build();
    }

    static TrafficStepResult trafficStep(String commandId, String event, boolean ok, String failure, String message) {
        return TrafficStepResult.newBuilder().setCommandId(commandId).setEvent(event).setOk(ok)
                .setFailure(failure == null ? "" : failure).setMessage(message == null ? "" : message).build();
    }

    static RouterCommand routerCommand(RouterCall call) {
        return RouterCommand.newBuilder()
                .setRequestId(call.requestId())
                .setAction(switch (call.action()) {
                    case BLOCK -> RouterCommand.Action.BLOCK;
                    case ALLOW -> RouterCommand.Action.ALLOW;
                    case READ -> RouterCommand.Action.READ;
                })
                .addAllBackends(call.backends())
                .setServer(call.server() == null ? "" : call.server())
                .setDrainTimeoutSeconds(seconds(call.drainTimeout()))
                .setUpTimeoutSeconds(seconds(call.upTimeout()))
                .setGuardTimeoutSeconds(seconds(call.guardTimeout()))
                .build();
    }

    static CancelCommand cancel(String commandId, boolean allowRunningHooksToFinish) {
        return CancelCommand.newBuilder().setCommandId(commandId)
                .setAllowRunningHooksToFinish(allowRunningHooksToFinish).build();
    }

    static HealthCheck toWire(HealthCheckSpec spec) {
        HealthCheck.Builder check = HealthCheck.newBuilder()
                .setIntervalSeconds(seconds(spec.interval()))
                .setTimeoutSeconds(seconds(spec.timeout()))
                .setBakeSeconds(seconds(spec.bake()));
        switch (spec.kind()) {
            case HTTP -> check.setHttpUrl(spec.target()).setExpectedStatus(Math.max(0, spec.expectedStatus()));
            case TCP -> check.setTcpAddress(spec.target());
            case COMMAND -> check.setCommand(spec.target());
            default -> throw new IllegalArgumentException("unknown health check kind " + spec.kind());
        }
        return check.build();
    }

    /** Whole seconds, rounded up so that a sub-second setting does not turn into "none" (0). */
    private static int seconds(Duration duration) {
        if (duration == null || duration.isNegative() || duration.isZero()) {
            return 0;
        }
        long millis = duration.toMillis();
        return (int) Math.min(Integer.MAX_VALUE, (millis + 999) / 1000);
    }
}
