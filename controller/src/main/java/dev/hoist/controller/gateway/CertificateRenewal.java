package dev.hoist.controller.gateway;

import dev.hoist.controller.pki.CertificateAuthority;
import dev.hoist.controller.pki.CsrRejectedException;
import dev.hoist.protocol.v1.RenewResponse;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Signs a connected agent's renewal request, off the event loop (on the agent's lane of the work
 * executor), for the identity of its connection. Shared by every session.
 */
final class CertificateRenewal {
    private static final Logger LOG = LoggerFactory.getLogger(CertificateRenewal.class);

    private final CertificateAuthority ca;
    private final AgentTaskExecutor work;
    private final Duration lifetime;

    CertificateRenewal(CertificateAuthority ca, AgentTaskExecutor work, Duration lifetime) {
        this.ca = ca;
        this.work = work;
        this.lifetime = lifetime;
    }

    /** The answer to send: a new certificate, or a refusal saying why; never fails. */
    CompletableFuture<RenewResponse> renew(String agentId, byte[] csrDer) {
        return work.submit(agentId, () -> sign(agentId, csrDer)).exceptionally(error -> {
            LOG.error("Renewing the certificate of agent {} failed", agentId, error);
            return RenewResponse.newBuilder().setOk(false).setMessage("the controller could not sign the renewal; "
                    + "it will be asked again on the next connection").build();
        });
    }

    private RenewResponse sign(String agentId, byte[] csrDer) {
        try {
            X509Certificate certificate = ca.signAgentCertificate(csrDer, agentId, lifetime);
            LOG.info("Renewed the certificate of agent {}; valid until {}", agentId,
                    certificate.getNotAfter().toInstant());
            RenewResponse.Builder response = RenewResponse.newBuilder().setOk(true).setCertificateDer(Der.of(certificate));
            ca.trustAnchors().forEach(anchor -> response.addCaCertificatesDer(Der.of(anchor)));
            return response.build();
        } catch (CsrRejectedException e) {
            LOG.info("Renewal request of agent {} refused: {}", agentId, e.getMessage());
            return RenewResponse.newBuilder().setOk(false).setMessage(e.getMessage()).build();
        }
    }
}
