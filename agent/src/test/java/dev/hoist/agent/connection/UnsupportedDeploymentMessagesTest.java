package dev.hoist.agent.connection;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hoist.protocol.v1.CancelCommand;
import dev.hoist.protocol.v1.DeployCommand;
import dev.hoist.protocol.v1.Envelope;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class UnsupportedDeploymentMessagesTest {
    private final List<Envelope> sent = new ArrayList<>();
    private final ControllerLink link = new ControllerLink() {
        @Override
        public String agentId() {
            return "agt-1";
        }

        @Override
        public void send(Envelope.Builder message) {
            sent.add(message.build());
        }
    };

    @Test
    void answersEveryCommandAsNotAccepted() {
        UnsupportedDeploymentMessages handler = new UnsupportedDeploymentMessages();

        handler.onDeployCommand(DeployCommand.newBuilder().setCommandId("cmd-1").build(), link);
        handler.onCancelCommand(CancelCommand.newBuilder().setCommandId("cmd-2").build(), link);

        assertThat(sent).extracting(envelope -> envelope.getCommandAck().getCommandId()).containsExactly("cmd-1", "cmd-2");
        assertThat(sent).allSatisfy(envelope -> {
            assertThat(envelope.getCommandAck().getAccepted()).isFalse();
            assertThat(envelope.getCommandAck().getMessage()).isEqualTo("not supported yet");
        });
    }
}
