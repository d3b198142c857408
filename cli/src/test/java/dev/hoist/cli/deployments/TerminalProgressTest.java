package dev.hoist.cli.deployments;

import static dev.hoist.cli.deployments.Recorded.deployment;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class TerminalProgressTest {

    @Test
    void theFrameShowsTheBarAndEachHostInFlightWithItsCurrentEvent() {
        assertThat(TerminalProgress.frame(deployment("first-host-starting"))).containsExactly(
                "[------------------------]  0/3 hosts done  (0 succeeded, 0 failed, 1 in progress)  InProgress",
                "  web-1  ApplicationStart");
        assertThat(TerminalProgress.bar(2, 3)).isEqualTo("[################--------]");
    }

    @Test
    void eachSnapshotRedrawsTheFrameInPlaceAndFailuresStayAboveItInRed() {
        StringWriter screen = new StringWriter();
        TerminalProgress progress = new TerminalProgress(new PrintWriter(screen));

        progress.show(deployment("first-host-starting"));
        String first = screen.toString();
        progress.show(deployment("second-host-failed"));
        String second = screen.toString().substring(first.length());
        progress.show(deployment("failed"));
        String third = screen.toString().substring(first.length() + second.length());
        progress.close();

        assertThat(first).startsWith("deployment dep-1a2b  InProgress\n").contains("  web-1  ApplicationStart\n")
                .doesNotContain("\u001b[");
        // two frame lines drawn before: go up two lines and erase, then the lasting lines, then the new frame
        assertThat(second).startsWith("\u001b[2F\u001b[J")
                .contains("web-1  Succeeded  [2/3 hosts done]\n")
                .contains("\u001b[31mweb-2  ValidateService  Failed  SCRIPT_FAILED (exit 1)")
                .contains("\u001b[31mweb-2  Failed  [2/3 hosts done]\u001b[0m")
                .endsWith("[################--------]  2/3 hosts done  (1 succeeded, 1 failed, 0 in progress)  "
                        + "InProgress\n")
                .doesNotContain("ApplicationStop");
        assertThat(third).startsWith("\u001b[1F\u001b[J").contains("deployment dep-1a2b  Failed")
                .doesNotContain("hosts done  (");
    }
}
