package dev.hoist.agent.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hoist.agent.exchange.AgentReport;
import dev.hoist.agent.exchange.ControllerLink;
import dev.hoist.agent.exchange.EventProgress;
import dev.hoist.agent.exchange.HostOutcome;
import dev.hoist.agent.exchange.LogBatch;
import dev.hoist.agent.lifecycle.EventStatus;
import dev.hoist.agent.lifecycle.OutputLine;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReportOutboxTest {

    /** A link that records what it was asked to send. */
    private static final class RecordingLink implements ControllerLink {
        final List<AgentReport> sent = new ArrayList<>();

        @Override
        public void send(AgentReport report) {
            sent.add(report);
        }
    }

    private static EventProgress event(String command, String event) {
        return new EventProgress(command, "d-1", event, EventStatus.IN_PROGRESS, null, "", null, null, null);
    }

    private static LogBatch lines(String command, long first) {
        return new LogBatch(command, "d-1", "Install", first, List.of(new OutputLine(Instant.EPOCH,
                OutputLine.Stream.STDOUT, "scripts/install.sh", "line " + first)));
    }

    private static HostOutcome result(String command) {
        return new HostOutcome(command, "d-1", true, null, "all events succeeded");
    }

    @Test
    void keepsReportsWhileDisconnectedAndSendsThemInOrderOnConnect() {
        ReportOutbox outbox = new ReportOutbox(100);
        outbox.send(event("c1", "Install"));
        outbox.send(lines("c1", 1));
        outbox.send(result("c1"));

        RecordingLink link = new RecordingLink();
        outbox.attach(link);

        assertThat(link.sent).containsExactly(event("c1", "Install"), lines("c1", 1), result("c1"));
    }

    @Test
    void sendsAgainAfterAReconnectUntilTheResultIsAcknowledged() {
        ReportOutbox outbox = new ReportOutbox(100);
        RecordingLink first = new RecordingLink();
        outbox.attach(first);
        outbox.send(event("c1", "Install"));
        outbox.send(event("c2", "Install"));
        assertThat(first.sent).hasSize(2);
        outbox.detach(first);
        outbox.send(result("c2"));
        assertThat(first.sent).as("nothing goes to a closed connection").hasSize(2);

        outbox.forget("c1");
        RecordingLink second = new RecordingLink();
        outbox.attach(second);

        assertThat(second.sent).containsExactly(event("c2", "Install"), result("c2"));
    }

    @Test
    void beyondItsBoundDropsTheOldestLogLinesFirstAndNeverAResult() {
        ReportOutbox outbox = new ReportOutbox(3);
        outbox.send(event("c1", "Install"));
        outbox.send(lines("c1", 1));
        outbox.send(lines("c1", 2));
        outbox.send(result("c1"));
        outbox.send(lines("c1", 3));

        RecordingLink link = new RecordingLink();
        outbox.attach(link);

        assertThat(link.sent).containsExactly(event("c1", "Install"), result("c1"), lines("c1", 3));
    }

    @Test
    void withNoLogLinesLeftDropsTheOldestStatusAndKeepsEveryResult() {
        ReportOutbox outbox = new ReportOutbox(2);
        outbox.send(event("c1", "Install"));
        outbox.send(result("c1"));
        outbox.send(event("c2", "Install"));
        outbox.send(result("c2"));
        outbox.send(result("c3"));

        RecordingLink link = new RecordingLink();
        outbox.attach(link);

        assertThat(link.sent).containsExactly(result("c1"), result("c2"), result("c3"));
    }
}
