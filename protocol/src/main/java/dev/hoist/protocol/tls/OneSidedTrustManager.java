package dev.hoist.protocol.tls;

import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Base of Hoist's trust managers, each of which judges one side only (the gateway judges agents, an
 * agent judges its controller): the socket and engine variants the JDK asks for all come down to the
 * two plain checks, and the helpers both sides need are here once.
 */
public abstract class OneSidedTrustManager extends X509ExtendedTrustManager {
    /** Extended key usage for TLS servers. */
    public static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";
    /** Extended key usage for TLS clients. */
    public static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";

    @Override
    public final void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        checkClientTrusted(chain, authType);
    }

    @Override
    public final void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        checkClientTrusted(chain, authType);
    }

    @Override
    public final void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        checkServerTrusted(chain, authType);
    }

    @Override
    public final void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        checkServerTrusted(chain, authType);
    }

    /** Whether {@code anchor}'s key signed {@code certificate}. */
    protected static boolean signedBy(X509Certificate certificate, X509Certificate anchor) {
        try {
            certificate.verify(anchor.getPublicKey());
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    protected static boolean hasExtendedKeyUsage(X509Certificate certificate, String usage) {
        try {
            List<String> usages = certificate.getExtendedKeyUsage();
            return usages != null && usages.contains(usage);
        } catch (CertificateParsingException e) {
            return false;
        }
    }
}
