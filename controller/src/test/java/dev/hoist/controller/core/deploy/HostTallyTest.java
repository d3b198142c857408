package dev.hoist.controller.core.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** A tally kept host change by host change plans exactly as one made from the whole list each time. */
class HostTallyTest {
    private final DeploymentPlanner planner = new DeploymentPlanner();

    @Test
    void anIncrementalTallyAgreesWithTheWholeListAfterEveryChange() {
        Random random = new Random(42);
        HostStatus[] next = {HostStatus.IN_PROGRESS, HostStatus.SUCCEEDED, HostStatus.FAILED, HostStatus.SKIPPED};
        for (int round = 0; round < 200; round++) {
            Map<String, PlannedHost> hosts = new LinkedHashMap<>();
            HostTally tally = new HostTally();
            int n = 1 + random.nextInt(30);
            for (int i = 0; i < n; i++) {
                PlannedHost host = new PlannedHost("agt-" + i,
                        HostStanding.values()[random.nextInt(HostStanding.values().length)], HostStatus.PENDING);
                hosts.put(host.agentId(), host);
                tally.change(null, host);
            }
            MinimumHealthyHosts minimum = new MinimumHealthyHosts.HostCount(random.nextInt(n));
            for (int step = 0; step < 3 * n; step++) {
                List<PlannedHost> list = new ArrayList<>(hosts.values());
                assertThat(planner.next(tally, minimum)).isEqualTo(planner.next(list, minimum));
                assertThat(tally.counts()).isEqualTo(HostTally.of(list).counts());
                PlannedHost before = list.get(random.nextInt(list.size()));
                PlannedHost after = before.withStatus(next[random.nextInt(next.length)]);
                hosts.put(after.agentId(), after);
                tally.change(before, after);
            }
        }
    }

    @Test
    void pendingHostsGoByStandingThenInTheOrderTheyCame() {
        HostTally tally = HostTally.of(List.of(
                new PlannedHost("a", HostStanding.CURRENT_REVISION, HostStatus.PENDING),
                new PlannedHost("b", HostStanding.UNHEALTHY, HostStatus.PENDING),
                new PlannedHost("c", HostStanding.OLD_REVISION, HostStatus.PENDING),
                new PlannedHost("d", HostStanding.UNHEALTHY, HostStatus.PENDING)));

        assertThat(tally.firstPending(3)).containsExactly("b", "d", "c");
        tally.change(new PlannedHost("b", HostStanding.UNHEALTHY, HostStatus.PENDING),
                new PlannedHost("b", HostStanding.UNHEALTHY, HostStatus.IN_PROGRESS));
        assertThat(tally.firstPending(10)).containsExactly("d", "c", "a");
        assertThat(tally.count(HostStatus.IN_PROGRESS)).isEqualTo(1);
    }
}
