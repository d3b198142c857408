package dev.hoist.cli.deployments;

import static dev.hoist.cli.deployments.Recorded.deployment;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hoist.api.DeploymentView;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProgressChangesTest {

    private static List<String> lines(DeploymentView before, DeploymentView after) {
        return ProgressChanges.between(before, after).stream().map(ProgressChange::text).toList();
    }

    @Test
    void aPollThatMissedEventsStillReportsEachOnceInOrder() {
        assertThat(lines(deployment("created"), deployment("first-host-starting"))).containsExactly(
                "deployment dep-1a2b  InProgress",
                "web-1  ApplicationStop  Succeeded (0.2s)",
                "web-1  DownloadBundle  Succeeded (0.2s)",
                "web-1  BeforeInstall  Succeeded (0.2s)",
                "web-1  Install  Succeeded (0.2s)",
                "web-1  AfterInstall  Succeeded (0.2s)",
                "web-1  ApplicationStart  started");
    }

    @Test
    void aSnapshotSeenTwiceChangesNothing() {
        assertThat(lines(deployment("first-host-starting"), deployment("first-host-starting"))).isEmpty();
    }

    @Test
    void aFailureSaysClassExitCodeAndTheMessagesFirstLinesAndTheHostsOutcomeFollows() {
        List<ProgressChange> changes = ProgressChanges.between(deployment("first-host-starting"),
                deployment("second-host-failed"));

        assertThat(changes).extracting(ProgressChange::text).containsExactly(
                "web-1  ApplicationStart  Succeeded (0.2s)",
                "web-1  ValidateService  Succeeded (0.2s)",
                "web-1  Succeeded  [2/3 hosts done]",
                "web-2  ApplicationStop  Succeeded (0.2s)",
                "web-2  DownloadBundle  Succeeded (0.2s)",
                "web-2  BeforeInstall  Succeeded (0.2s)",
                "web-2  Install  Succeeded (0.2s)",
                "web-2  AfterInstall  Succeeded (0.2s)",
                "web-2  ApplicationStart  Succeeded (0.2s)",
                "web-2  ValidateService  Failed  SCRIPT_FAILED (exit 1): scripts/validate.sh exited with code 1\n"
                        + "last lines:\nno answer on port 18099",
                "web-2  Failed  [2/3 hosts done]");
        assertThat(changes.get(9).isFailure()).isTrue();
        assertThat(changes.get(10).isFailure()).isTrue();
        assertThat(changes.get(2).isFailure()).isFalse();
    }

    @Test
    void theEndSaysWhyAndSkippedHostsAreListedWithoutTheirSkippedEvents() {
        assertThat(lines(deployment("second-host-failed"), deployment("failed"))).containsExactly(
                "web-3  Skipped  [3/3 hosts done]",
                "deployment dep-1a2b  Failed: too few healthy hosts: web-2 failed ValidateService; OneAtATime needs 2 "
                        + "of 3 healthy");
    }

    @Test
    void aHostThatFailedWithoutAFailedEventSaysWhy() {
        assertThat(lines(deployment("created"), deployment("agent-lost")))
                .contains("web-1  Failed  [1/3 hosts done]  AGENT_LOST: agent disconnected for more than 60s");
    }

    @Test
    void aReadyDeploymentSaysHowToContinueAndByWhen() {
        assertThat(lines(deployment("first-host-starting"), deployment("ready"))).startsWith(
                "deployment dep-1a2b  Ready: every replacement host is ready; switch the traffic with: hoist "
                        + "deployment continue dep-1a2b (by 2025-01-01T11:00:05Z, else the deployment is Stopped)");
    }

    @Test
    void aQueuedDeploymentSaysWhatItWaitsFor() {
        assertThat(lines(null, deployment("queued")))
                .containsExactly("deployment dep-1a2b  Queued: waits for deployment dep-0000 to the same group");
    }

    @Test
    void hostsSharingAHostnameAreToldApartByAgentId() {
        JsonNode tree = Recorded.tree("first-host-starting");
        tree.get("hosts").forEach(host -> ((ObjectNode) host).put("hostname", "box"));
        DeploymentView twins = Recorded.deployment(tree);

        assertThat(DeploymentJson.hostLabels(twins)).containsValues("box/agt-1", "box/agt-2", "box/agt-3");
        assertThat(lines(deployment("created"), twins)).last().isEqualTo("box/agt-1  ApplicationStart  started");
    }
}
