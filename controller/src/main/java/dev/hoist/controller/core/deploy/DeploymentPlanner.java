package dev.hoist.controller.core.deploy;

import java.util.List;

/**
 * Decides which hosts of a deployment to start next, and when the deployment has succeeded or
 * failed, as a pure function of the hosts' statuses (appspec.md §4). The orchestrator applies its
 * answer and asks again whenever a host finishes; nothing here does I/O.
 *
 * <p>With N hosts and a minimum M of healthy hosts, a host counts as healthy unless it failed or is
 * being deployed. The rules:
 * <ul>
 *   <li>A minimum that cannot be met while even one host is deployed ({@code M >= N}, {@code M > 0})
 *       fails the deployment before any host is touched.</li>
 *   <li>Another host may start only while {@code N - failed - inFlight - 1 >= M}, so at most
 *       {@code N - M} hosts are in flight at once, fewer after failures.</li>
 *   <li>It fails as soon as M successes have become impossible, or when hosts are left that can no
 *       longer be started without dropping below M healthy hosts.</li>
 *   <li>It succeeds when every host was attempted, at least M succeeded, and at least one did.</li>
 * </ul>
 * Hosts start in the order of {@link HostStanding}: unhealthy first, then unknown, old, current.
 */
public final class DeploymentPlanner {

    /** Fails before any host is touched when the minimum cannot be met; else {@code null}. */
    public String refusal(int hostCount, MinimumHealthyHosts minimum) {
        if (hostCount == 0) {
            return "no hosts match the deployment group; check its tag filters or agent list";
        }
        int required = minimum.requiredOf(hostCount);
        if (required > 0 && required >= hostCount) {
            return "minimum healthy hosts " + minimum.describe() + " needs " + required + " of "
                    + hostCount + " hosts to stay healthy, so no host could ever be deployed; lower "
                    + "the minimum or add hosts";
        }
        return null;
    }

    public PlanStep next(List<PlannedHost> hosts, MinimumHealthyHosts minimum) {
        return next(HostTally.of(hosts), minimum);
    }

    /** The same decision from a tally kept up to date host by host: no step looks at every host. */
    public PlanStep next(HostTally hosts, MinimumHealthyHosts minimum) {
        String refusal = refusal(hosts.total(), minimum);
        if (refusal != null) {
            return PlanStep.failed(refusal);
        }
        int total = hosts.total();
        int required = minimum.requiredOf(total);
        int succeeded = hosts.count(HostStatus.SUCCEEDED);
        int failed = hosts.count(HostStatus.FAILED) + hosts.count(HostStatus.SKIPPED)
                + hosts.count(HostStatus.UNKNOWN);
        int inFlight = hosts.count(HostStatus.IN_PROGRESS);
        int pending = hosts.count(HostStatus.PENDING);

        if (succeeded + inFlight + pending < required) {
            return PlanStep.failed(failed + " of " + total + " hosts failed; at most "
                    + (succeeded + inFlight + pending) + " can succeed, fewer than the "
                    + required + " that " + minimum.describe() + " requires");
        }
        if (pending == 0 && inFlight == 0) {
            if (succeeded == 0) {
                return PlanStep.failed("no host succeeded (" + failed + " of " + total + " failed)");
            }
            return PlanStep.succeeded(succeeded + " of " + total + " hosts succeeded");
        }

        int startable = Math.max(0, total - failed - inFlight - required);
        List<String> start = hosts.firstPending(startable);
        if (start.isEmpty() && inFlight == 0) {
            return PlanStep.failed(failed + " of " + total + " hosts failed; deploying another of the "
                    + pending + " remaining would leave fewer than the " + required
                    + " healthy hosts that " + minimum.describe() + " requires");
        }
        return PlanStep.proceed(start, start.isEmpty()
                ? "waiting for " + inFlight + " hosts in flight"
                : "starting " + start.size() + " of " + pending + " remaining hosts");
    }
}
