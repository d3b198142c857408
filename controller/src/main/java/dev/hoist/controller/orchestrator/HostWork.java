package dev.hoist.controller.orchestrator;

import dev.hoist.controller.core.deploy.AgentDistributions;
import dev.hoist.controller.core.deploy.Deployment;
import dev.hoist.controller.core.deploy.DeploymentGroup;
import dev.hoist.controller.core.deploy.GroupSecrets;
import dev.hoist.controller.core.deploy.HealthCheckSpec;
import dev.hoist.controller.core.deploy.HostDeployment;
import dev.hoist.controller.core.deploy.HostEvents;
import dev.hoist.controller.core.deploy.HostStanding;
import dev.hoist.controller.core.deploy.Revision;
import dev.hoist.controller.core.traffic.LoadBalancer;
import dev.hoist.protocol.appspec.FileExistsBehavior;
import dev.hoist.protocol.appspec.LifecycleEvent;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Builds the work a host is sent, and the time it may take before it counts as lost. */
final class HostWork {
    /** A group limit of zero or none means the per-script default of appspec.md §3. */
    static final Duration DEFAULT_SCRIPT_LIMIT = Duration.ofHours(1);
    /** How long a blue/green replacement host waits in AllowTraffic for the others and the reroute. */
    static final Duration REROUTE_WAIT = Duration.ofHours(1);
    /** Added to the deployment id in a blue/green original-set host's retirement command. */
    static final String RETIRE_SUFFIX = ".retire";

    /**
     * The steps of an agent upgrade, as the agent reports them: the distribution fetched, unpacked and started
     * once, the switch and restart, and the new agent running the version asked for.
     */
    static final List<String> AGENT_UPGRADE_EVENTS = List.of(LifecycleEvent.DOWNLOAD_BUNDLE.wireName(),
            LifecycleEvent.INSTALL.wireName(), LifecycleEvent.APPLICATION_START.wireName(),
            LifecycleEvent.VALIDATE_SERVICE.wireName());

    private final Duration slack;
    private final GroupSecrets secrets;
    private final AgentDistributions agents;

    /** @param slack added to a host's budget for bundle download, install and reporting */
    HostWork(Duration slack) {
        this(slack, GroupSecrets.NONE);
    }

    /** @param secrets read each time work is built, so that a changed secret reaches the next host sent work */
    HostWork(Duration slack, GroupSecrets secrets) {
        this(slack, secrets, AgentDistributions.NONE);
    }

    /** @param agents the versions of the agent distributions that agent upgrades deploy */
    HostWork(Duration slack, GroupSecrets secrets, AgentDistributions agents) {
        this.slack = slack;
        this.secrets = secrets;
        this.agents = agents;
    }

    /** The events a host of {@code group} is sent: an agent upgrade's steps, or {@link #events(LoadBalancer)}. */
    static List<String> events(DeploymentGroup group, LoadBalancer balancer, HostStanding standing) {
        return AgentDistributions.isAgentApplication(group.application()) ? AGENT_UPGRADE_EVENTS
                : events(balancer, standing);
    }

    /**
     * The lifecycle a host runs (appspec.md §3): in place; in place behind a load balancer; or, as a
     * blue/green replacement host, installed and validated, then waiting in AllowTraffic for the reroute; or,
     * as a blue/green original-set host after the reroute, its traffic-blocking events only.
     */
    static List<String> events(LoadBalancer balancer, HostStanding standing) {
        if (standing == HostStanding.ORIGINAL_SET) {
            return HostEvents.BLUE_GREEN_ORIGINAL;
        }
        if (standing == HostStanding.RETIRING) {
            return List.of(LifecycleEvent.APPLICATION_STOP.wireName());
        }
        return balancer == null ? HostEvents.IN_PLACE : balancer.blueGreen() != null
                ? HostEvents.BLUE_GREEN_REPLACEMENT : HostEvents.IN_PLACE_WITH_TRAFFIC;
    }

    /**
     * How long a host waits in a traffic event; a blue/green replacement host also waits for the others, and
     * for {@code continue} when the group waits for one.
     */
    private static Duration stepTimeout(LoadBalancer balancer) {
        if (balancer == null) {
            return Duration.ZERO;
        }
        LoadBalancer.BlueGreen sets = balancer.blueGreen();
        if (sets == null) {
            return balancer.stepTimeout();
        }
        Duration wait = REROUTE_WAIT.plus(balancer.stepTimeout()).plus(balancer.stepTimeout());
        return sets.waitsForContinue() ? wait.plus(sets.continueExpiry()) : wait;
    }

    HostDeployment build(String commandId, Deployment deployment, DeploymentGroup group, Revision revision,
            LoadBalancer balancer, HostStanding standing) {
        FileExistsBehavior fileExists = deployment.fileExistsBehavior() != null ? deployment.fileExistsBehavior()
                : group.fileExistsBehavior() != null ? group.fileExistsBehavior() : FileExistsBehavior.DISALLOW;
        Map<String, String> environment = revision.commit() == null ? Map.of() : Map.of("BUNDLE_COMMIT", revision.commit());
        if (AgentDistributions.isAgentApplication(revision.application())) {
            // A distribution whose version cannot be read any more still goes out as an upgrade: the agent then
            // fails it at its check rather than running the tarball as an AppSpec bundle.
            String version = agents.version(revision).orElse("unknown");
            return new HostDeployment(commandId, deployment.id(), deployment.application(), group.name(), group.id(),
                    revision.id(), revision.sha256(), revision.sizeBytes(), revision.bundleType(),
                    AGENT_UPGRADE_EVENTS, fileExists.name(), false, scriptLimit(group), List.of(), Map.of(),
                    Duration.ZERO, Map.of(), version, null);
        }
        // A host runs each deployment id once: its retirement, a second command of the deployment, has its own.
        String deploymentId = standing == HostStanding.RETIRING ? deployment.id() + RETIRE_SUFFIX : deployment.id();
        return new HostDeployment(commandId, deploymentId, deployment.application(), group.name(), group.id(),
                revision.id(), revision.sha256(), revision.sizeBytes(), revision.bundleType(), events(balancer, standing),
                fileExists.name(), deployment.ignoreApplicationStopFailures(), scriptLimit(group),
                group.healthChecks(), environment, stepTimeout(balancer), secrets.forHooks(group.id()), null,
                revision.signature());
    }

    /**
     * The longest a host may take: every scripted event at the group's limit, every health gate for its
     * bake time plus one round, both balancer steps at their longest, and the slack.
     */
    Duration budget(DeploymentGroup group, LoadBalancer balancer) {
        if (AgentDistributions.isAgentApplication(group.application())) {
            // An agent upgrade: the group's limit is the deadline for the agent to come back on the new version.
            return scriptLimit(group).plus(slack);
        }
        List<LifecycleEvent> lifecycle = balancer == null ? LifecycleEvent.IN_PLACE
                : LifecycleEvent.IN_PLACE_WITH_TRAFFIC;
        long scripted = lifecycle.stream().filter(LifecycleEvent::runsScripts).count();
        Duration total = scriptLimit(group).multipliedBy(scripted).plus(slack);
        if (balancer != null) {
            total = total.plus(stepTimeout(balancer)).plus(balancer.stepTimeout());
        }
        for (HealthCheckSpec check : group.healthChecks()) {
            total = total.plus(orZero(check.bake())).plus(orZero(check.interval())).plus(orZero(check.timeout()));
        }
        return total;
    }

    private static Duration scriptLimit(DeploymentGroup group) {
        Duration limit = group.scriptTimeoutLimit();
        return limit == null || limit.isZero() || limit.isNegative() ? DEFAULT_SCRIPT_LIMIT : limit;
    }

    private static Duration orZero(Duration duration) {
        return duration == null ? Duration.ZERO : duration;
    }
}
