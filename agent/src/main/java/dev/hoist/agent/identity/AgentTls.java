package dev.hoist.agent.identity;

import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLException;
import javax.net.ssl.X509ExtendedTrustManager;

/** The agent's TLS client contexts: TLS 1.3 only; BoringSSL when netty-tcnative loads, else the JDK. */
public final class AgentTls {
    private AgentTls() {
    }

    /** For the enrollment exchange: no client certificate. */
    public static SslContext forEnrollment(X509ExtendedTrustManager trust) throws SSLException {
        return base(trust).build();
    }

    /** For the authenticated connection, presenting {@code key} and {@code certificate}. */
    public static SslContext forAgent(X509ExtendedTrustManager trust, PrivateKey key, X509Certificate certificate)
            throws SSLException {
        return base(trust).keyManager(key, certificate).build();
    }

    /** Which TLS implementation runs, for the log. */
    public static String providerDescription() {
        return OpenSsl.isAvailable() ? "BoringSSL (" + OpenSsl.versionString() + ")" : "JDK";
    }

    private static SslContextBuilder base(X509ExtendedTrustManager trust) {
        return SslContextBuilder.forClient()
                .sslProvider(OpenSsl.isAvailable() ? SslProvider.OPENSSL : SslProvider.JDK)
                .protocols("TLSv1.3")
                .trustManager(trust)
                // The CA is the controller's identity (see ControllerTrustManager), not the host name.
                .endpointIdentificationAlgorithm(null);
    }
}
