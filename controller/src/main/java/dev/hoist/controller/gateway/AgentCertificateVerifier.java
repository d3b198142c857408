package dev.hoist.controller.gateway;

import dev.hoist.controller.core.RevocationList;
import dev.hoist.controller.pki.AgentCertificates;
import dev.hoist.protocol.tls.OneSidedTrustManager;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Decides, during the TLS handshake, whether a client certificate is an agent's: signed by one of the
 * trusted CAs, within its validity at the gateway's clock, made for client authentication, naming an
 * agent id, and that agent not revoked. Runs on an event loop, so it only reads memory: the
 * {@link RevocationList}, never the store.
 */
final class AgentCertificateVerifier extends OneSidedTrustManager {

    private final Supplier<List<X509Certificate>> trustAnchors;
    private final RevocationList revocations;
    private final Clock clock;

    AgentCertificateVerifier(Supplier<List<X509Certificate>> trustAnchors, RevocationList revocations, Clock clock) {
        this.trustAnchors = trustAnchors;
        this.revocations = revocations;
        this.clock = clock;
    }

    /**
     * The agent id of a client certificate that passes every check.
     *
     * @throws CertificateException saying which check failed, for the gateway's log
     */
    String verify(X509Certificate certificate) throws CertificateException {
        X509Certificate issuer = trustAnchors.get().stream()
                .filter(anchor -> anchor.getSubjectX500Principal().equals(certificate.getIssuerX500Principal()))
                .filter(anchor -> signedBy(certificate, anchor))
                .findFirst()
                .orElseThrow(() -> new CertificateException("client certificate " + describe(certificate)
                        + " is not signed by this controller's CA"));
        Date now = Date.from(clock.instant());
        try {
            certificate.checkValidity(now);
            issuer.checkValidity(now);
        } catch (CertificateExpiredException e) {
            throw new CertificateException("client certificate " + describe(certificate) + " expired at "
                    + certificate.getNotAfter().toInstant() + "; the agent must enroll again with a new token");
        } catch (CertificateNotYetValidException e) {
            throw new CertificateException("client certificate " + describe(certificate) + " is not valid before "
                    + certificate.getNotBefore().toInstant() + " (is a clock wrong?)");
        }
        if (!hasExtendedKeyUsage(certificate, CLIENT_AUTH)) {
            throw new CertificateException("certificate " + describe(certificate) + " is not made for client authentication");
        }
        Optional<String> agentId = AgentCertificates.agentId(certificate);
        if (agentId.isEmpty()) {
            throw new CertificateException("client certificate " + describe(certificate) + " names no agent");
        }
        if (revocations.isRevoked(agentId.get())) {
            throw new CertificateException("agent " + agentId.get() + " is revoked");
        }
        return agentId.get();
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        if (chain == null || chain.length == 0) {
            throw new CertificateException("no client certificate");
        }
        verify(chain[0]);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("the gateway only verifies clients");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return trustAnchors.get().toArray(X509Certificate[]::new);
    }

    private static String describe(X509Certificate certificate) {
        return "'" + certificate.getSubjectX500Principal().getName() + "' (serial "
                + certificate.getSerialNumber().toString(16) + ")";
    }
}
