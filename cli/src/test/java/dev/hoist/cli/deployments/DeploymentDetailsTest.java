package dev.hoist.cli.deployments;

import static dev.hoist.cli.deployments.Recorded.deployment;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hoist.cli.output.Humanize;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class DeploymentDetailsTest {
    private final Humanize humanize = new Humanize(Clock.fixed(Instant.parse("2025-01-01T10:05:00Z"), ZoneOffset.UTC));

    private String print(String recorded) {
        StringWriter out = new StringWriter();
        new DeploymentDetails(humanize).print(deployment(recorded), new PrintWriter(out));
        return out.toString();
    }

    @Test
    void aFailedDeploymentShowsWhyItsRollbackAndEachHostsEvents() {
        String text = print("failed");

        assertThat(text).contains("Status:         Failed: too few healthy hosts: web-2 failed ValidateService")
                .contains("Rolled back by: dep-rb01  (hoist deployment get dep-rb01)")
                .contains("Created:        2025-01-01T10:00:00Z (5m ago)")
                .contains("Took:           5.0s")
                .contains("Hosts:          3 total: 1 succeeded, 1 failed, 1 skipped, 0 in progress, 0 pending")
                .contains("web-1 (agt-1)  Succeeded\n")
                .contains("web-2 (agt-2)  Failed  SCRIPT_FAILED: ValidateService failed\n")
                .contains("web-3 (agt-3)  Skipped\n");
        assertThat(text.lines().filter(line -> line.matches("  ValidateService +Failed .*")))
                .singleElement().asString()
                .contains("1.5s").contains(" 1 ").contains("SCRIPT_FAILED")
                .endsWith("scripts/validate.sh exited with code 1 ...");
        assertThat(text).doesNotContain("no answer on port");
    }

    @Test
    void aRollbackSaysWhatItRollsBack() {
        assertThat(print("rollback-succeeded")).contains("Creator:        rollback")
                .contains("Rollback of:    dep-1a2b").contains("Revision:       rev-v1")
                .doesNotContain("Rolled back by");
    }

    @Test
    void aQueuedDeploymentSaysWhyItWaits() {
        assertThat(print("queued")).contains("Status:         Queued: waits for deployment dep-0000 to the same group");
    }

    @Test
    void logLinesArePrefixedWithHostAndEventAndStderrIsMarked() {
        var lines = Recorded.logLines("logs-web-1");

        assertThat(lines).hasSize(2);
        assertThat(LogLines.format(lines.get(0), "web-1")).isEqualTo("[web-1 ApplicationStart] starting hello-web on port 18099");
        assertThat(LogLines.format(lines.get(1), "web-1")).isEqualTo("[web-1 ValidateService stderr] waiting for port 18099");
    }
}
