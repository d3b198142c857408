package dev.hoist.agent.connection;

import java.util.List;

/**
 * The controller's answer to an {@link EnrollmentRequest}, whatever its status.
 *
 * @param statusName the status as the controller named it (e.g. {@code CSR_INVALID}), for messages
 * @param certificateDer the agent's certificate, when {@link Status#OK}
 * @param caCertificatesDer the trust anchors (more than one during a CA rotation)
 */
public record EnrollmentAnswer(Status status, String statusName, String message, String agentId,
        byte[] certificateDer, List<byte[]> caCertificatesDer) {

    public EnrollmentAnswer {
        caCertificatesDer = List.copyOf(caCertificatesDer);
    }

    /** What the enroll command tells apart; every other refusal is {@link #REFUSED}. */
    public enum Status { OK, TOKEN_UNKNOWN, TOKEN_EXPIRED, TOKEN_SPENT, REFUSED }
}
