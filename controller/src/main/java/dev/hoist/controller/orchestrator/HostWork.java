package dev.hoist.controller.orchestrator;

import dev.hoist.controller.core.deploy.Deployment;
import dev.hoist.controller.core.deploy.DeploymentGroup;
import dev.hoist.controller.core.deploy.GroupSecrets;
import dev.hoist.controller.core.deploy.HealthCheckSpec;
import dev.hoist.controller.core.deploy.HostDeployment;
import dev.hoist.controller.core.deploy.HostEvents;
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

    private final Duration slack;
    private final GroupSecrets secrets;

    /** @param slack added to a host's budget for bundle download, install and reporting */
    HostWork(Duration slack) {
        this(slack, GroupSecrets.NONE);
    }

    /** @param secrets read each time work is built, so that a changed secret reaches the next host sent work */
    HostWork(Duration slack, GroupSecrets secrets) {
        this.slack = slack;
        this.secrets = secrets;
    }

    /**
     * The lifecycle a host runs (appspec.md §3): in place; in place behind a load balancer; or, as a
     * blue/green replacement host, installed and validated, then waiting in AllowTraffic for the reroute.
     */
    static List<String> events(LoadBalancer balancer) {
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
            LoadBalancer balancer) {
        FileExistsBehavior fileExists = deployment.fileExistsBehavior() != null ? deployment.fileExistsBehavior()
                : group.fileExistsBehavior() != null ? group.fileExistsBehavior() : FileExistsBehavior.DISALLOW;
        Map<String, String> environment = revision.commit() == null ? Map.of() : Map.of("BUNDLE_COMMIT", revision.commit());
        return new HostDeployment(commandId, deployment.id(), deployment.application(), group.name(), group.id(),
                revision.id(), revision.sha256(), revision.sizeBytes(), revision.bundleType(), events(balancer),
                fileExists.name(), deployment.ignoreApplicationStopFailures(), scriptLimit(group),
                group.healthChecks(), environment, stepTimeout(balancer), secrets.forHooks(group.id()),
                revision.signature());
    }

    /**
     * The longest a host may take: every scripted event at the group's limit, every health gate for its
     * bake time plus one round, both balancer steps at their longest, and the slack.
     */
    Duration budget(DeploymentGroup group, LoadBalancer balancer) {
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
