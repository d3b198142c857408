package dev.hoist.controller.gateway;

import dev.hoist.controller.core.RevocationList;
import dev.hoist.controller.pki.AgentCertificates;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Decides, during the TLS handshake, whether a client certificate is an agent's: signed by one of the
 * trusted CAs, within its validity at the gateway's clock, made for client authentication, naming an
 * agent id, and that agent not revoked. Runs on an event loop, so it only reads memory: the
 * {@link RevocationList}, never the store.
 */
final class AgentCertificateVerifier extends X509ExtendedTrustManager {
    private static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";

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
        if (!hasClientAuthUsage(certificate)) {
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
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        checkClientTrusted(chain, authType);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        checkClientTrusted(chain, authType);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("the gateway only verifies clients");
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        checkServerTrusted(chain, authType);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        checkServerTrusted(chain, authType);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return trustAnchors.get().toArray(X509Certificate[]::new);
    }

    private static boolean signedBy(X509Certificate certificate, X509Certificate anchor) {
        try {
            certificate.verify(anchor.getPublicKey());
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static boolean hasClientAuthUsage(X509Certificate certificate) {
        try {
            List<String> usages = certificate.getExtendedKeyUsage();
            return usages != null && usages.contains(CLIENT_AUTH);
        } catch (CertificateParsingException e) {
            return false;
        }
    }

    private static String describe(X509Certificate certificate) {
        return "'" + certificate.getSubjectX500Principal().getName() + "' (serial "
                + certificate.getSerialNumber().toString(16) + ")";
    }
}
