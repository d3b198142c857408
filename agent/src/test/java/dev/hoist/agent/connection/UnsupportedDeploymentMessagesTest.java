package dev.hoist.agent.connection;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hoist.agent.exchange.AgentReport;
import dev.hoist.agent.exchange.CommandAnswer;
import dev.hoist.agent.exchange.ControllerLink;
import dev.hoist.protocol.v1.CancelCommand;
import dev.hoist.protocol.v1.DeployCommand;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class UnsupportedDeploymentMessagesTest {
    private final List<AgentReport> sent = new ArrayList<>();
    private final ControllerLink link = sent::add;

    @Test
    void answersEveryCommandAsNotAccepted() {
        UnsupportedDeploymentMessages handler = new UnsupportedDeploymentMessages();

        handler.onDeploy(WireTranslator.deploy(DeployCommand.newBuilder().setCommandId("cmd-1").build()), link);
        handler.onCancel(WireTranslator.cancel(CancelCommand.newBuilder().setCommandId("cmd-2").build()), link);

        assertThat(sent).containsExactly(new CommandAnswer("cmd-1", false, "not supported yet"),
                new CommandAnswer("cmd-2", false, "not supported yet"));
        assertThat(WireTranslator.envelope(sent.get(0), "agt-1").build().getCommandAck())
                .satisfies(ack -> {
                    assertThat(ack.getCommandId()).isEqualTo("cmd-1");
                    assertThat(ack.getAccepted()).isFalse();
                    assertThat(ack.getMessage()).isEqualTo("not supported yet");
                });
    }
}
