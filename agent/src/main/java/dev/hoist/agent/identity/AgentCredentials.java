package dev.hoist.agent.identity;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Everything the agent proves itself and checks the controller with: its id, where the controllers are
 * (one, or several on one database), its private key and certificate, and the CA certificates it trusts
 * (more than one during a CA rotation).
 */
public record AgentCredentials(
        String agentId,
        ControllerAddresses controllers,
        PrivateKey privateKey,
        X509Certificate certificate,
        List<X509Certificate> caCertificates) {

    public AgentCredentials {
        caCertificates = List.copyOf(caCertificates);
    }

    /** With one controller. */
    public AgentCredentials(String agentId, ControllerAddress controller, PrivateKey privateKey,
            X509Certificate certificate, List<X509Certificate> caCertificates) {
        this(agentId, ControllerAddresses.of(controller), privateKey, certificate, caCertificates);
    }

    public Instant notAfter() {
        return certificate.getNotAfter().toInstant();
    }

    /** Two thirds into the certificate's life: when the agent asks for a new one. */
    public Instant renewAt() {
        Instant notBefore = certificate.getNotBefore().toInstant();
        Duration life = Duration.between(notBefore, notAfter());
        return notBefore.plus(life.multipliedBy(2).dividedBy(3));
    }

    /** The same identity with a renewed key and certificate. */
    public AgentCredentials renewed(PrivateKey newKey, X509Certificate newCertificate, List<X509Certificate> cas) {
        return new AgentCredentials(agentId, controllers, newKey, newCertificate, cas.isEmpty() ? caCertificates : cas);
    }
}
