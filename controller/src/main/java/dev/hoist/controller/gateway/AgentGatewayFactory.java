package dev.hoist.controller.gateway;

import com.codahale.metrics.MetricRegistry;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.hoist.controller.core.AgentStore;
import dev.hoist.controller.core.JoinTokenStore;
import dev.hoist.controller.core.RevocationList;
import dev.hoist.controller.pki.CertificateAuthority;
import java.time.Clock;

/**
 * Configuration of the agent gateway ({@code gateway:} in the controller's YAML); every field has a
 * default so that no file is needed.
 */
public class AgentGatewayFactory {
    @JsonProperty
    private String bindHost = "0.0.0.0";
    @JsonProperty
    private int port = 8443;

    public String getBindHost() {
        return bindHost;
    }

    public int getPort() {
        return port;
    }

    public AgentGateway build(CertificateAuthority ca, AgentStore agents, JoinTokenStore joinTokens,
            RevocationList revocations, MetricRegistry metrics, Clock clock) {
        return new AgentGateway(); // placeholder until the gateway lands
    }
}
