package dev.hoist.agent.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hoist.agent.lifecycle.DeploymentResult;
import dev.hoist.agent.lifecycle.EventReport;
import dev.hoist.agent.lifecycle.EventStatus;
import dev.hoist.agent.state.InFlightEvent;
import dev.hoist.protocol.appspec.LifecycleEvent;
import dev.hoist.protocol.deploy.FailureClass;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The report is a contract with scripts that read it: its exact text, as docs/local-mode.md shows it. */
class LocalReportTest {
    private static final Instant START = Instant.parse("2024-05-01T10:00:00.120Z");
    private static final Instant END = Instant.parse("2024-05-01T10:00:00.121Z");

    @Test
    void aFailedDeploymentListsEveryEventWithItsFailureAndExitCode() {
        DeploymentResult result = new DeploymentResult("d-1", false, List.of(
                new EventReport(LifecycleEvent.APPLICATION_STOP, EventStatus.SUCCEEDED, null, "nothing to stop", null,
                        START, END),
                new EventReport(LifecycleEvent.AFTER_INSTALL, EventStatus.FAILED, FailureClass.SCRIPT_FAILED,
                        "exited with code 3; last output:\n\"locked\"\tC:\\x \u0001", 3, START, END),
                new EventReport(LifecycleEvent.APPLICATION_START, EventStatus.SKIPPED, null,
                        "skipped: an earlier event failed", null, null, null)),
                null, List.of("ApplicationStop failed; ignored"),
                Optional.of(new InFlightEvent("g-1", "d-0", "", "AfterInstall", START)));

        assertThat(LocalReport.json(result)).isEqualTo("{\"status\": \"Failed\", \"deploymentId\": \"d-1\", "
                + "\"events\": [{\"event\": \"ApplicationStop\", \"status\": \"Succeeded\", \"failure\": null, "
                + "\"message\": \"nothing to stop\", \"exitCode\": null, \"startedAt\": \"2024-05-01T10:00:00.120Z\", "
                + "\"endedAt\": \"2024-05-01T10:00:00.121Z\"}, "
                + "{\"event\": \"AfterInstall\", \"status\": \"Failed\", \"failure\": \"SCRIPT_FAILED\", "
                + "\"message\": \"exited with code 3; last output:\\n\\\"locked\\\"\\tC:\\\\x \\u0001\", "
                + "\"exitCode\": 3, \"startedAt\": \"2024-05-01T10:00:00.120Z\", "
                + "\"endedAt\": \"2024-05-01T10:00:00.121Z\"}, "
                + "{\"event\": \"ApplicationStart\", \"status\": \"Skipped\", \"failure\": null, "
                + "\"message\": \"skipped: an earlier event failed\", \"exitCode\": null, \"startedAt\": null, "
                + "\"endedAt\": null}], "
                + "\"error\": null, \"warnings\": [{\"message\": \"ApplicationStop failed; ignored\"}], "
                + "\"interruptedEarlier\": {\"deploymentId\": \"d-0\", \"event\": \"AfterInstall\", "
                + "\"status\": \"Failed\", \"failure\": \"FAILED_AFTER_RESTART\", "
                + "\"startedAt\": \"2024-05-01T10:00:00.120Z\"}}");
    }

    @Test
    void aRefusalBeforeTheFirstEventIsTheError() {
        DeploymentResult result = new DeploymentResult("d-2", false, List.of(
                new EventReport(LifecycleEvent.INSTALL, EventStatus.SKIPPED, null, "not run", null, null, null)),
                new DeploymentResult.Error(FailureClass.APPSPEC_INVALID, "appspec.yml:3:1: ünknown key"), List.of(),
                Optional.empty());

        assertThat(LocalReport.json(result)).isEqualTo("{\"status\": \"Failed\", \"deploymentId\": \"d-2\", "
                + "\"events\": [{\"event\": \"Install\", \"status\": \"Skipped\", \"failure\": null, "
                + "\"message\": \"not run\", \"exitCode\": null, \"startedAt\": null, \"endedAt\": null}], "
                + "\"error\": {\"failure\": \"APPSPEC_INVALID\", \"message\": \"appspec.yml:3:1: ünknown key\"}}");
    }
}
