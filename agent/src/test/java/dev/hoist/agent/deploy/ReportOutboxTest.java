package dev.hoist.agent.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hoist.agent.connection.ControllerLink;
import dev.hoist.protocol.v1.Envelope;
import dev.hoist.protocol.v1.EventStatus;
import dev.hoist.protocol.v1.HostResult;
import dev.hoist.protocol.v1.LogLines;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReportOutboxTest {

    /** A link that records what it was asked to send. */
    private static final class RecordingLink implements ControllerLink {
        final List<Envelope> sent = new ArrayList<>();

        @Override
        public String agentId() {
            return "agt-test";
        }

        @Override
        public void send(Envelope.Builder message) {
            sent.add(message.build());
        }
    }

    private static Envelope event(String command, String event) {
        return Envelope.newBuilder().setEventStatus(EventStatus.newBuilder().setCommandId(command).setEvent(event))
                .build();
    }

    private static Envelope lines(String command, long first) {
        return Envelope.newBuilder().setLogLines(LogLines.newBuilder().setCommandId(command).setFirstLineNumber(first))
                .build();
    }

    private static Envelope result(String command) {
        return Envelope.newBuilder().setHostResult(HostResult.newBuilder().setCommandId(command)).build();
    }

    @Test
    void keepsReportsWhileDisconnectedAndSendsThemInOrderOnConnect() {
        ReportOutbox outbox = new ReportOutbox(100);
        outbox.send("c1", event("c1", "Install"));
        outbox.send("c1", lines("c1", 1));
        outbox.send("c1", result("c1"));

        RecordingLink link = new RecordingLink();
        outbox.attach(link);

        assertThat(link.sent).containsExactly(event("c1", "Install"), lines("c1", 1), result("c1"));
    }

    @Test
    void sendsAgainAfterAReconnectUntilTheResultIsAcknowledged() {
        ReportOutbox outbox = new ReportOutbox(100);
        RecordingLink first = new RecordingLink();
        outbox.attach(first);
        outbox.send("c1", event("c1", "Install"));
        outbox.send("c2", event("c2", "Install"));
        assertThat(first.sent).hasSize(2);
        outbox.detach(first);
        outbox.send("c2", result("c2"));
        assertThat(first.sent).as("nothing goes to a closed connection").hasSize(2);

        outbox.forget("c1");
        RecordingLink second = new RecordingLink();
        outbox.attach(second);

        assertThat(second.sent).containsExactly(event("c2", "Install"), result("c2"));
    }

    @Test
    void beyondItsBoundDropsTheOldestLogLinesFirstAndNeverAResult() {
        ReportOutbox outbox = new ReportOutbox(3);
        outbox.send("c1", event("c1", "Install"));
        outbox.send("c1", lines("c1", 1));
        outbox.send("c1", lines("c1", 2));
        outbox.send("c1", result("c1"));
        outbox.send("c1", lines("c1", 3));

        RecordingLink link = new RecordingLink();
        outbox.attach(link);

        assertThat(link.sent).containsExactly(event("c1", "Install"), result("c1"), lines("c1", 3));
    }
}
