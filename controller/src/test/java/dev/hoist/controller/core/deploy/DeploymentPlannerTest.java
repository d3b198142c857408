package dev.hoist.controller.core.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The worked examples of appspec.md §4 (from CodeDeploy's documentation), and the host order. */
class DeploymentPlannerTest {
    private final DeploymentPlanner planner = new DeploymentPlanner();

    @Test
    void nineHostsAllAtOnceDeploysEveryHostAtOnceAndNeedsOneSuccess() {
        Run run = simulate(9, MinimumHealthyHosts.ALL_AT_ONCE, Set.of(1, 2, 3, 4, 5, 6, 7, 8));

        assertThat(run.maxInFlight).isEqualTo(9);
        assertThat(run.outcome).isEqualTo(PlanStep.Outcome.SUCCEEDED);
        assertThat(simulate(9, MinimumHealthyHosts.ALL_AT_ONCE, allHosts(9)).outcome)
                .isEqualTo(PlanStep.Outcome.FAILED);
    }

    @Test
    void nineHostsHalfAtATimeDeploysFourAtATimeAndNeedsFiveSuccesses() {
        Run clean = simulate(9, MinimumHealthyHosts.HALF_AT_A_TIME, Set.of());
        assertThat(clean.maxInFlight).isEqualTo(4);
        assertThat(clean.outcome).isEqualTo(PlanStep.Outcome.SUCCEEDED);

        // Four failures leave exactly five hosts; none of them may be taken down.
        Run fourFail = simulate(9, MinimumHealthyHosts.HALF_AT_A_TIME, Set.of(0, 1, 2, 3));
        assertThat(fourFail.outcome).isEqualTo(PlanStep.Outcome.FAILED);
        assertThat(fourFail.touched).hasSize(4);
    }

    @Test
    void nineHostsWithSixHealthyDeploysThreeAtATimeAndNeedsSix() {
        Run run = simulate(9, new MinimumHealthyHosts.HostCount(6), Set.of(8));
        assertThat(run.maxInFlight).isEqualTo(3);
        assertThat(run.outcome).isEqualTo(PlanStep.Outcome.SUCCEEDED);

        Run fourFail = simulate(9, new MinimumHealthyHosts.HostCount(6), Set.of(0, 1, 2, 3));
        assertThat(fourFail.outcome).isEqualTo(PlanStep.Outcome.FAILED);
    }

    @Test
    void nineHostsWithFortyPercentHealthyDeploysFiveAtATimeAndNeedsFour() {
        // One failure in the first batch of five, then the last four all fail: four succeeded.
        Run run = simulate(9, new MinimumHealthyHosts.FleetPercent(40), Set.of(0, 5, 6, 7, 8));
        assertThat(run.maxInFlight).isEqualTo(5);
        assertThat(run.outcome).isEqualTo(PlanStep.Outcome.SUCCEEDED);
        assertThat(run.succeeded).isEqualTo(4);

        // Five failures leave four healthy hosts, none of which may then be taken down.
        Run fiveFail = simulate(9, new MinimumHealthyHosts.FleetPercent(40), Set.of(0, 1, 2, 3, 4));
        assertThat(fiveFail.outcome).isEqualTo(PlanStep.Outcome.FAILED);
        assertThat(fiveFail.touched).hasSize(5);
    }

    @Test
    void tenHostsWithNinetyFivePercentHealthyFailsBeforeTouchingAnyHost() {
        Run run = simulate(10, new MinimumHealthyHosts.FleetPercent(95), Set.of());

        assertThat(run.outcome).isEqualTo(PlanStep.Outcome.FAILED);
        assertThat(run.touched).isEmpty();
        assertThat(run.reason).contains("FLEET_PERCENT 95").contains("10 of 10");
    }

    @Test
    void tenHostsWithNineHealthyGoOneAtATimeAndFailOnTheFirstFailureUnlessItIsTheLast() {
        Run firstFails = simulate(10, new MinimumHealthyHosts.HostCount(9), Set.of(0));
        assertThat(firstFails.maxInFlight).isEqualTo(1);
        assertThat(firstFails.outcome).isEqualTo(PlanStep.Outcome.FAILED);
        assertThat(firstFails.touched).containsExactly("h0");

        Run lastFails = simulate(10, new MinimumHealthyHosts.HostCount(9), Set.of(9));
        assertThat(lastFails.outcome).isEqualTo(PlanStep.Outcome.SUCCEEDED);
        assertThat(lastFails.touched).hasSize(10);
    }

    @Test
    void oneAtATimeStopsAtTheFirstFailureLeavingLaterHostsUntouched() {
        Run run = simulate(3, MinimumHealthyHosts.ONE_AT_A_TIME, Set.of(1));

        assertThat(run.maxInFlight).isEqualTo(1);
        assertThat(run.outcome).isEqualTo(PlanStep.Outcome.FAILED);
        assertThat(run.touched).containsExactly("h0", "h1");
    }

    @Test
    void oneHostOneAtATimeDeploysIt() {
        Run run = simulate(1, MinimumHealthyHosts.ONE_AT_A_TIME, Set.of());
        assertThat(run.outcome).isEqualTo(PlanStep.Outcome.SUCCEEDED);
    }

    @ParameterizedTest
    @CsvSource({"10,30,3", "9,40,4", "9,50,5", "10,95,10", "3,100,3", "7,0,0", "1,1,1"})
    void fleetPercentRoundsUpWithoutFloatingPointSurprises(int hosts, int percent, int required) {
        assertThat(new MinimumHealthyHosts.FleetPercent(percent).requiredOf(hosts)).isEqualTo(required);
    }

    @Test
    void noHostsIsRefusedWithAReason() {
        PlanStep step = planner.next(List.of(), MinimumHealthyHosts.ALL_AT_ONCE);
        assertThat(step.outcome()).isEqualTo(PlanStep.Outcome.FAILED);
        assertThat(step.reason()).contains("no hosts match");
    }

    @Test
    void unhealthyHostsGoFirstThenUnknownThenOldThenCurrent() {
        List<PlannedHost> hosts = List.of(
                new PlannedHost("current", HostStanding.CURRENT_REVISION, HostStatus.PENDING),
                new PlannedHost("old", HostStanding.OLD_REVISION, HostStatus.PENDING),
                new PlannedHost("unknown", HostStanding.UNKNOWN_REVISION, HostStatus.PENDING),
                new PlannedHost("unhealthy", HostStanding.UNHEALTHY, HostStatus.PENDING));

        assertThat(planner.next(hosts, MinimumHealthyHosts.ALL_AT_ONCE).start())
                .containsExactly("unhealthy", "unknown", "old", "current");
        assertThat(planner.next(hosts, new MinimumHealthyHosts.HostCount(2)).start())
                .containsExactly("unhealthy", "unknown");
    }

    /** Runs the planner to the end; hosts finish in the order they started. */
    private Run simulate(int hostCount, MinimumHealthyHosts minimum, Set<Integer> failing) {
        List<PlannedHost> hosts = new ArrayList<>(IntStream.range(0, hostCount)
                .mapToObj(i -> new PlannedHost("h" + i, HostStanding.OLD_REVISION, HostStatus.PENDING))
                .toList());
        Deque<String> inFlight = new ArrayDeque<>();
        Run run = new Run();
        for (int guard = 0; guard < 10 * hostCount + 10; guard++) {
            PlanStep step = planner.next(hosts, minimum);
            if (step.outcome() != PlanStep.Outcome.CONTINUE) {
                run.outcome = step.outcome();
                run.reason = step.reason();
                run.succeeded = (int) hosts.stream().filter(h -> h.status() == HostStatus.SUCCEEDED).count();
                return run;
            }
            for (String id : step.start()) {
                set(hosts, id, HostStatus.IN_PROGRESS);
                inFlight.add(id);
                run.touched.add(id);
            }
            run.maxInFlight = Math.max(run.maxInFlight, inFlight.size());
            String finished = inFlight.poll();
            boolean fails = failing.contains(Integer.parseInt(finished.substring(1)));
            set(hosts, finished, fails ? HostStatus.FAILED : HostStatus.SUCCEEDED);
        }
        throw new AssertionError("the planner never finished");
    }

    private static void set(List<PlannedHost> hosts, String id, HostStatus status) {
        hosts.replaceAll(h -> h.agentId().equals(id) ? h.withStatus(status) : h);
    }

    private static Set<Integer> allHosts(int n) {
        return Set.copyOf(IntStream.range(0, n).boxed().toList());
    }

    private static final class Run {
        PlanStep.Outcome outcome;
        String reason;
        int maxInFlight;
        int succeeded;
        final List<String> touched = new ArrayList<>();
    }
}
