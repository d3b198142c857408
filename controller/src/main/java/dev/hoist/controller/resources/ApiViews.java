package dev.hoist.controller.resources;

import dev.hoist.api.AgentView;
import dev.hoist.api.ApiTokenView;
import dev.hoist.api.ApplicationView;
import dev.hoist.api.AuditEventView;
import dev.hoist.api.AutoRollbackBody;
import dev.hoist.api.CreateDeploymentRequest;
import dev.hoist.api.DeploymentConfigView;
import dev.hoist.api.DeploymentGroupView;
import dev.hoist.api.DeploymentHostView;
import dev.hoist.api.DeploymentView;
import dev.hoist.api.GroupHostStatusView;
import dev.hoist.api.GroupHostView;
import dev.hoist.api.GroupStatusView;
import dev.hoist.api.HealthCheckBody;
import dev.hoist.api.HostEventView;
import dev.hoist.api.HostFactsView;
import dev.hoist.api.JoinTokenView;
import dev.hoist.api.LogLineView;
import dev.hoist.api.MinimumHealthyHostsBody;
import dev.hoist.api.RevisionView;
import dev.hoist.controller.core.Agent;
import dev.hoist.controller.core.ApiToken;
import dev.hoist.controller.core.AuditEvent;
import dev.hoist.controller.core.HostFacts;
import dev.hoist.controller.core.JoinToken;
import dev.hoist.controller.core.deploy.Application;
import dev.hoist.controller.core.deploy.AutoRollback;
import dev.hoist.controller.core.deploy.Deployment;
import dev.hoist.controller.core.deploy.DeploymentConfig;
import dev.hoist.controller.core.deploy.DeploymentGroup;
import dev.hoist.controller.core.deploy.DeploymentRequest;
import dev.hoist.controller.core.deploy.GroupConvergence;
import dev.hoist.controller.core.deploy.GroupMembership;
import dev.hoist.controller.core.deploy.GroupStatuses;
import dev.hoist.controller.core.deploy.HealthCheckSpec;
import dev.hoist.controller.core.deploy.HostEvent;
import dev.hoist.controller.core.deploy.HostRun;
import dev.hoist.controller.core.deploy.HostStatus;
import dev.hoist.controller.core.deploy.LogLine;
import dev.hoist.controller.core.deploy.MinimumHealthyHosts;
import dev.hoist.controller.core.deploy.Revision;
import dev.hoist.controller.core.deploy.TagFilter;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Translates the controller's core types into the API's records ({@code dev.hoist.api}, shared with the
 * CLI) and API requests into core requests. It lives here, on the adapter side, because the api module
 * knows nothing of the controller: this is the one place where a core type's shape meets the REST contract.
 */
public final class ApiViews {
    private ApiViews() {
    }

    public static AgentView agent(Agent agent) {
        return new AgentView(agent.id(), agent.hostname(), agent.state().displayName(), agent.stateSince(),
                new TreeMap<>(agent.tags()), agent.agentVersion(), agent.os(), agent.firstSeen(), agent.lastSeen(),
                hostFacts(agent.facts()));
    }

    /** {@code null} until the agent first says hello. */
    static HostFactsView hostFacts(HostFacts facts) {
        if (facts == null) {
            return null;
        }
        return new HostFactsView(facts.hostname(), facts.osName(), facts.osVersion(), facts.arch(),
                facts.cpuCount(), facts.memoryTotalBytes(), facts.memoryAvailableBytes(), facts.diskFreeBytes(),
                facts.loadAverage1m());
    }

    /** @param secret the token's secret, only in the answer that created it; else {@code null} */
    public static ApiTokenView apiToken(ApiToken token, String secret) {
        return new ApiTokenView(token.id(), token.name(), token.role().wireName(), token.createdAt(), secret);
    }

    public static ApplicationView application(Application application) {
        return new ApplicationView(application.name(), application.createdAt(), application.createdBy());
    }

    public static AuditEventView auditEvent(AuditEvent event) {
        return new AuditEventView(event.id(), event.at(), event.actor(), event.action(), event.target(),
                event.remoteAddress(), event.outcome());
    }

    static AutoRollbackBody autoRollback(AutoRollback autoRollback) {
        return new AutoRollbackBody(autoRollback.enabled(),
                autoRollback.triggers().stream().map(Enum::name).sorted().toList());
    }

    public static DeploymentConfigView deploymentConfig(DeploymentConfig config) {
        return new DeploymentConfigView(config.name(), minimumHealthyHosts(config.minimumHealthyHosts()),
                config.builtIn(), config.minimumHealthyHosts().describe());
    }

    static MinimumHealthyHostsBody minimumHealthyHosts(MinimumHealthyHosts minimum) {
        if (minimum instanceof MinimumHealthyHosts.HostCount count) {
            return new MinimumHealthyHostsBody("HOST_COUNT", count.value());
        }
        if (minimum instanceof MinimumHealthyHosts.FleetPercent percent) {
            return new MinimumHealthyHostsBody("FLEET_PERCENT", percent.value());
        }
        return new MinimumHealthyHostsBody("ALL_BUT_ONE", null);
    }

    public static DeploymentGroupView deploymentGroup(DeploymentGroup group) {
        return deploymentGroup(group, null);
    }

    /** @param resolved the group's current hosts, or {@code null} to leave them out */
    public static DeploymentGroupView deploymentGroup(DeploymentGroup group, GroupMembership.Resolved resolved) {
        List<List<String>> tagSet = group.tagSet() == null ? null : group.tagSet().groups().stream()
                .map(filters -> filters.stream().map(TagFilter::toString).toList()).toList();
        return new DeploymentGroupView(group.id(), group.application(), group.name(), tagSet,
                group.agentIds().isEmpty() ? null : group.agentIds(), group.configName(),
                autoRollback(group.autoRollback()),
                group.fileExistsBehavior() == null ? null : group.fileExistsBehavior().name(),
                group.healthChecks().stream().map(ApiViews::healthCheck).toList(),
                group.scriptTimeoutLimit().toSeconds(), group.createdAt(), group.autoDeploy().wireName(),
                resolved == null ? null : resolved.agents().stream().map(ApiViews::groupHost).toList(),
                resolved == null ? null : resolved.unknownAgentIds());
    }

    public static GroupStatusView groupStatus(GroupStatuses.Status status) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (GroupConvergence.State state : GroupConvergence.State.values()) {
            counts.put(state.wireName(), 0);
        }
        status.hosts().forEach(host -> counts.merge(host.state().wireName(), 1, Integer::sum));
        Deployment current = status.current();
        return new GroupStatusView(status.group().application(), status.group().name(),
                current == null ? null : current.revisionId(), current == null ? null : current.id(),
                status.group().autoDeploy().wireName(), counts,
                status.hosts().stream().map(host -> new GroupHostStatusView(host.agentId(), host.hostname(),
                        host.revisionId(), host.state().wireName(), host.missedDeploymentIds(), host.deploymentId(),
                        host.failure(), host.message())).toList());
    }

    static GroupHostView groupHost(Agent agent) {
        return new GroupHostView(agent.id(), agent.hostname(), agent.state().displayName(),
                new TreeMap<>(agent.tags()));
    }

    static HealthCheckBody healthCheck(HealthCheckSpec check) {
        return new HealthCheckBody(check.kind().name().toLowerCase(Locale.ROOT), check.target(),
                check.kind() == HealthCheckSpec.Kind.HTTP ? check.expectedStatus() : null,
                (int) check.interval().toSeconds(), (int) check.timeout().toSeconds(), (int) check.bake().toSeconds());
    }

    /** @param seq the commit that last changed the deployment (or an earlier one: never a later one) */
    public static DeploymentView deployment(Deployment d, Map<HostStatus, Integer> counts,
            List<DeploymentHostView> hosts, long seq) {
        return new DeploymentView(d.id(), d.application(), d.groupName(), d.revisionId(), d.configName(),
                d.status().displayName(), d.creator(), d.description(), d.rollbackDeploymentId(), d.rollbackOf(),
                d.error(), d.ignoreApplicationStopFailures(),
                d.fileExistsBehavior() == null ? null : d.fileExistsBehavior().name(), d.autoRollback(),
                d.createdAt(), d.startedAt(), d.endedAt(), d.continueBy(), d.continuedAt(), seq, summary(counts),
                hosts);
    }

    /** Host counts; {@code failed} includes hosts whose outcome is Unknown. */
    static DeploymentView.Summary summary(Map<HostStatus, Integer> counts) {
        int pending = counts.getOrDefault(HostStatus.PENDING, 0);
        int inProgress = counts.getOrDefault(HostStatus.IN_PROGRESS, 0);
        int succeeded = counts.getOrDefault(HostStatus.SUCCEEDED, 0);
        int failed = counts.getOrDefault(HostStatus.FAILED, 0) + counts.getOrDefault(HostStatus.UNKNOWN, 0);
        int skipped = counts.getOrDefault(HostStatus.SKIPPED, 0);
        return new DeploymentView.Summary(pending + inProgress + succeeded + failed + skipped, pending, inProgress,
                succeeded, failed, skipped);
    }

    /** @param events the host's events, or {@code null} to leave them out */
    public static DeploymentHostView deploymentHost(HostRun host, List<HostEvent> events) {
        return new DeploymentHostView(host.deploymentId(), host.agentId(), host.hostname(),
                host.status().displayName(), host.standing().name(), host.failure(), host.message(),
                host.currentEvent(), host.commandId(), host.startedAt(), host.endedAt(), host.deadline(),
                events == null ? null : events.stream().map(e -> hostEvent(e, null)).toList());
    }

    /** @param logs the event's log lines, or {@code null} to leave them out */
    public static HostEventView hostEvent(HostEvent event, List<LogLineView> logs) {
        return new HostEventView(event.event(), event.status().displayName(), event.failure(), event.exitCode(),
                event.message(), event.startedAt(), event.endedAt(), logs);
    }

    public static LogLineView logLine(LogLine line) {
        return new LogLineView(line.deploymentId(), line.agentId(), line.lineNumber(), line.sequence(), line.at(),
                line.event(), line.stream(), line.script(), line.text());
    }

    /** A join token as listed: never its secret; {@code usable} as of {@code now}. */
    public static JoinTokenView joinToken(JoinToken token, Instant now) {
        return new JoinTokenView(token.id(), new TreeMap<>(token.tags()),
                List.copyOf(new java.util.TreeSet<>(token.allowedTagKeys())), token.createdAt(), token.expiresAt(),
                token.usesLeft(), token.createdBy(), token.usesLeft() > 0 && token.expiresAt().isAfter(now));
    }

    public static RevisionView revision(Revision revision) {
        return revision(revision, null, null);
    }

    /** @param warnings and {@code bundleReused}: only in the answer to a push, else {@code null} */
    public static RevisionView revision(Revision revision, List<String> warnings, Boolean bundleReused) {
        return new RevisionView(revision.id(), revision.application(), revision.sha256(), revision.sizeBytes(),
                revision.bundleType(), revision.description(), revision.commit(), revision.createdAt(),
                revision.createdBy(), warnings, bundleReused, null, revision.signature(), revision.signingKey());
    }

    /** A revision in a list or get: with the groups whose hosts run it. */
    public static RevisionView revision(Revision revision, java.util.Collection<String> runningIn) {
        return new RevisionView(revision.id(), revision.application(), revision.sha256(), revision.sizeBytes(),
                revision.bundleType(), revision.description(), revision.commit(), revision.createdAt(),
                revision.createdBy(), null, null, List.copyOf(runningIn), revision.signature(),
                revision.signingKey());
    }

    public static dev.hoist.api.PruneResult prune(dev.hoist.controller.bundles.RetentionPlanner.Plan plan,
            boolean dryRun) {
        return new dev.hoist.api.PruneResult(dryRun,
                plan.revisions().stream().map(going -> new dev.hoist.api.PruneResult.PrunedRevision(
                        going.revision().id(), going.revision().application(), going.revision().sha256(),
                        going.revision().sizeBytes(), going.revision().createdAt(), going.reason())).toList(),
                plan.blobs().stream().map(going -> new dev.hoist.api.PruneResult.PrunedBlob(going.blob().sha256(),
                        going.blob().sizeBytes(), going.reason())).toList(),
                plan.bytesFreed());
    }

    /** The core's deployment request; an absent {@code ignoreApplicationStopFailures} means false. */
    public static DeploymentRequest deploymentRequest(CreateDeploymentRequest body) {
        return new DeploymentRequest(body.application(), body.group(), body.revision(), body.config(),
                Boolean.TRUE.equals(body.ignoreApplicationStopFailures()), body.fileExistsBehavior(),
                body.autoRollback(), body.description());
    }
}
