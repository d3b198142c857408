package dev.hoist.agent.connection;

import java.util.Map;

/**
 * What {@code hoist-agent enroll} asks the controller for; {@link EnrollmentExchange} adds this host's facts.
 *
 * @param token the join token's secret; never logged
 * @param csrDer a PKCS#10 request signed by the agent's new key
 * @param tags requested tags, merged over the token's
 */
public record EnrollmentRequest(String token, byte[] csrDer, Map<String, String> tags, String agentVersion) {

    public EnrollmentRequest {
        tags = Map.copyOf(tags);
    }
}
