package dev.hoist.controller.core.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hoist.controller.core.deploy.GroupConvergence.HostState;
import dev.hoist.controller.core.deploy.GroupConvergence.Member;
import dev.hoist.controller.core.deploy.GroupConvergence.State;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GroupConvergenceTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Member A = new Member("agt-a", "a.example");

    /** The group's successful deployments, newest first: d-3 (rev-3), d-2 (rev-2), d-1 (rev-1). */
    private static final List<Deployment> SUCCEEDED = List.of(succeeded("d-3", "rev-3"), succeeded("d-2", "rev-2"),
            succeeded("d-1", "rev-1"));

    @Test
    void aHostOnTheGroupsRevisionIsCurrent() {
        HostState host = assess(record("rev-3", HostStatus.SUCCEEDED, null), SUCCEEDED, null);

        assertThat(host.state()).isEqualTo(State.CURRENT);
        assertThat(host.revisionId()).isEqualTo("rev-3");
        assertThat(host.missedDeploymentIds()).isEmpty();
    }

    @Test
    void aHostOnAnOlderRevisionIsBehindNamingTheDeploymentsItMissed() {
        HostState host = assess(record("rev-1", HostStatus.SUCCEEDED, null), SUCCEEDED, null);

        assertThat(host.state()).isEqualTo(State.BEHIND);
        assertThat(host.missedDeploymentIds()).containsExactly("d-3", "d-2");
    }

    @Test
    void aDeploymentForOtherHostsOnlyIsNotOneTheHostMissed() {
        List<Deployment> withAutomatic = List.of(succeeded("d-4", "rev-3").forHosts(List.of("agt-new")),
                succeeded("d-3", "rev-3"), succeeded("d-2", "rev-2"));

        HostState host = assess(record("rev-2", HostStatus.SUCCEEDED, null), withAutomatic, null);

        assertThat(host.state()).isEqualTo(State.BEHIND);
        assertThat(host.missedDeploymentIds()).containsExactly("d-3");
    }

    @Test
    void aHostWhoseAgentWasAwayMissedTheDeploymentRatherThanFailedIt() {
        HostState host = assess(record("rev-2", HostStatus.FAILED, "AGENT_LOST"), SUCCEEDED, null);

        assertThat(host.state()).isEqualTo(State.BEHIND);
        assertThat(host.missedDeploymentIds()).containsExactly("d-3");
        assertThat(host.failure()).isEqualTo("AGENT_LOST");
    }

    @Test
    void aHostWhoseLastDeploymentFailedThereIsFailedWithTheFailure() {
        HostState host = assess(record("rev-2", HostStatus.FAILED, "SCRIPT_FAILED"), SUCCEEDED, null);

        assertThat(host.state()).isEqualTo(State.FAILED);
        assertThat(host.deploymentId()).isEqualTo("d-9");
        assertThat(host.failure()).isEqualTo("SCRIPT_FAILED");
        assertThat(host.message()).isEqualTo("exited 1");
        assertThat(host.revisionId()).as("it still runs what it ran before").isEqualTo("rev-2");
    }

    @Test
    void aHostTheGroupNeverDeployedToIsUnknown() {
        assertThat(assess(null, SUCCEEDED, null).state()).isEqualTo(State.UNKNOWN);
        assertThat(assess(record("rev-1", HostStatus.SUCCEEDED, null), List.of(), null).state())
                .as("a group with no successful deployment has no revision to be current on")
                .isEqualTo(State.UNKNOWN);
    }

    @Test
    void aHostADeploymentUnderWayIsStillToRunOnIsPendingWhateverItRan() {
        HostState failedBefore = assess(record("rev-2", HostStatus.FAILED, "SCRIPT_FAILED"), SUCCEEDED, "d-4");
        HostState neverDeployed = assess(null, SUCCEEDED, "d-4");

        assertThat(List.of(failedBefore, neverDeployed)).allSatisfy(host -> {
            assertThat(host.state()).isEqualTo(State.PENDING);
            assertThat(host.deploymentId()).isEqualTo("d-4");
        });
    }

    @Test
    void atMostTenMissedDeploymentsAreNamed() {
        List<Deployment> many = new ArrayList<>();
        for (int i = 20; i > 1; i--) {
            many.add(succeeded("d-" + i, "rev-" + i));
        }
        HostState host = assess(record("rev-1", HostStatus.SUCCEEDED, null), many, null);

        assertThat(host.missedDeploymentIds()).hasSize(GroupConvergence.MAX_MISSED).startsWith("d-20");
    }

    private static HostState assess(GroupHostRecord record, List<Deployment> succeeded, String underWay) {
        return GroupConvergence.assess(List.of(A), record == null ? Map.of() : Map.of(A.agentId(), record),
                succeeded, underWay == null ? Map.of() : Map.of(A.agentId(), underWay)).get(0);
    }

    private static GroupHostRecord record(String revision, HostStatus status, String failure) {
        return new GroupHostRecord("dg-web", A.agentId(), revision, status, T0, "d-9", failure,
                failure == null ? null : "exited 1");
    }

    private static Deployment succeeded(String id, String revision) {
        return new Deployment(id, "shop", "web", "dg-web", revision, "OneAtATime",
                new MinimumHealthyHosts.HostCount(0), DeploymentStatus.SUCCEEDED, "admin", null, null, null, null,
                false, null, null, null, T0, T0, T0);
    }
}
