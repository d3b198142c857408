package dev.hoist.controller.core.deploy;

import java.util.ArrayList;
import java.util.Comparator;
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
        String refusal = refusal(hosts.size(), minimum);
        if (refusal != null) {
            return PlanStep.failed(refusal);
        }
        int total = hosts.size();
        int required = minimum.requiredOf(total);
        int succeeded = count(hosts, HostStatus.SUCCEEDED);
        int failed = count(hosts, HostStatus.FAILED) + count(hosts, HostStatus.SKIPPED)
                + count(hosts, HostStatus.UNKNOWN);
        int inFlight = count(hosts, HostStatus.IN_PROGRESS);
        List<PlannedHost> pending = hosts.stream()
                .filter(host -> host.status() == HostStatus.PENDING)
                .sorted(Comparator.comparing(PlannedHost::standing))
                .toList();

        if (succeeded + inFlight + pending.size() < required) {
            return PlanStep.failed(failed + " of " + total + " hosts failed; at most "
                    + (succeeded + inFlight + pending.size()) + " can succeed, fewer than the "
                    + required + " that " + minimum.describe() + " requires");
        }
        if (pending.isEmpty() && inFlight == 0) {
            if (succeeded == 0) {
                return PlanStep.failed("no host succeeded (" + failed + " of " + total + " failed)");
            }
            return PlanStep.succeeded(succeeded + " of " + total + " hosts succeeded");
        }

        int startable = Math.max(0, total - failed - inFlight - required);
        List<String> start = new ArrayList<>();
        for (PlannedHost host : pending.subList(0, Math.min(startable, pending.size()))) {
            start.add(host.agentId());
        }
        if (start.isEmpty() && inFlight == 0) {
            return PlanStep.failed(failed + " of " + total + " hosts failed; deploying another of the "
                    + pending.size() + " remaining would leave fewer than the " + required
                    + " healthy hosts that " + minimum.describe() + " requires");
        }
        return PlanStep.proceed(start, start.isEmpty()
                ? "waiting for " + inFlight + " hosts in flight"
                : "starting " + start.size() + " of " + pending.size() + " remaining hosts");
    }

    private static int count(List<PlannedHost> hosts, HostStatus status) {
        int n = 0;
        for (PlannedHost host : hosts) {
            if (host.status() == status) {
                n++;
            }
        }
        return n;
    }
}
