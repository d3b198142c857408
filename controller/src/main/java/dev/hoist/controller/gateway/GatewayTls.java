package dev.hoist.controller.gateway;

import dev.hoist.controller.pki.GatewayCredentials;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.security.cert.X509Certificate;
import java.util.Locale;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's two TLS server contexts, both TLS 1.3 only, with session resumption: one for agents,
 * which requires a client certificate that {@link AgentCertificateVerifier} accepts, and one for the
 * enrollment exchange, reached by its SNI name, which asks for none. BoringSSL (netty-tcnative) when it
 * loads, since it makes handshakes several times cheaper; the JDK provider otherwise.
 */
final class GatewayTls {
    private static final Logger LOG = LoggerFactory.getLogger(GatewayTls.class);
    private static final String TLS_1_3 = "TLSv1.3";
    private static final long SESSION_CACHE_SIZE = 20_000;
    private static final long SESSION_TIMEOUT_SECONDS = 4 * 3600;

    private final SslContext agentContext;
    private final SslContext enrollmentContext;
    private final String enrollmentServerName;

    GatewayTls(GatewayCredentials credentials, AgentCertificateVerifier verifier, String enrollmentServerName)
            throws SSLException {
        SslProvider provider = OpenSsl.isAvailable() ? SslProvider.OPENSSL : SslProvider.JDK;
        if (provider == SslProvider.OPENSSL) {
            LOG.info("Gateway TLS: BoringSSL through netty-tcnative ({})", OpenSsl.versionString());
        } else {
            LOG.info("Gateway TLS: JDK provider (netty-tcnative did not load: {})",
                    OpenSsl.unavailabilityCause() == null ? "unknown" : OpenSsl.unavailabilityCause().getMessage());
        }
        X509Certificate[] chain = credentials.chain().toArray(X509Certificate[]::new);
        this.agentContext = base(credentials, chain, provider)
                .clientAuth(ClientAuth.REQUIRE)
                .trustManager(verifier)
                .build();
        this.enrollmentContext = base(credentials, chain, provider)
                .clientAuth(ClientAuth.NONE)
                .build();
        this.enrollmentServerName = enrollmentServerName.toLowerCase(Locale.ROOT);
    }

    private static SslContextBuilder base(GatewayCredentials credentials, X509Certificate[] chain, SslProvider provider) {
        return SslContextBuilder.forServer(credentials.privateKey(), chain)
                .sslProvider(provider)
                .protocols(TLS_1_3)
                .sessionCacheSize(SESSION_CACHE_SIZE)
                .sessionTimeout(SESSION_TIMEOUT_SECONDS);
    }

    /** The context for a client that asked for {@code serverName} by SNI ({@code null}: it named none). */
    SslContext contextFor(String serverName) {
        return isEnrollment(serverName) ? enrollmentContext : agentContext;
    }

    boolean isEnrollment(String serverName) {
        return serverName != null && enrollmentServerName.equals(serverName.toLowerCase(Locale.ROOT));
    }
}
