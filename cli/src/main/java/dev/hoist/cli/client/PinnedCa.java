package dev.hoist.cli.client;

import dev.hoist.cli.ExitCodes;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.HexFormat;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * The one CA a saved context trusts for the controller's API over TLS, as an agent pins the gateway's:
 * the chain the API presents must end in this certificate, whatever the JDK's trust store says, and the
 * host name must match as usual. Its pin is {@code sha256:} and the hex SHA-256 of the CA's
 * SubjectPublicKeyInfo, the same form {@code hoist token create} prints for agents.
 */
public final class PinnedCa {
    private PinnedCa() {
    }

    public static String pin(X509Certificate certificate) {
        try {
            return "sha256:" + HexFormat.of().formatHex(
                    MessageDigest.getInstance("SHA-256").digest(certificate.getPublicKey().getEncoded()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    public static String pem(X509Certificate certificate) {
        try {
            return "-----BEGIN CERTIFICATE-----\n"
                    + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(certificate.getEncoded())
                    + "\n-----END CERTIFICATE-----\n";
        } catch (CertificateException e) {
            throw new IllegalStateException("cannot encode a certificate that was just decoded", e);
        }
    }

    public static X509Certificate parse(String pem) {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
        } catch (CertificateException e) {
            throw new CliFailure("the saved controller CA is not a PEM certificate (" + e.getMessage()
                    + "); log in again with: hoist login URL", ExitCodes.USAGE);
        }
    }

    /** Sockets that trust only {@code caPem}. */
    public static SSLSocketFactory socketFactory(String caPem) {
        try {
            KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
            trusted.load(null, null);
            trusted.setCertificateEntry("hoist-controller-ca", parse(caPem));
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trusted);
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(null, trust.getTrustManagers(), null);
            return tls.getSocketFactory();
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot set up TLS with the saved CA", e);
        }
    }

    /**
     * The chain the server at {@code url} presents, read without judging it (login decides whether to pin
     * its last certificate).
     */
    public static X509Certificate[] presentedChain(URI url) throws IOException {
        X509Certificate[][] seen = new X509Certificate[1][];
        X509TrustManager recorder = new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
                throw new UnsupportedOperationException("a client only");
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {
                seen[0] = chain.clone();
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        };
        try {
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(null, new TrustManager[] {recorder}, null);
            int port = url.getPort() > 0 ? url.getPort() : 443;
            try (Socket plain = new Socket()) {
                plain.connect(new InetSocketAddress(url.getHost(), port), 10_000);
                plain.setSoTimeout(10_000);
                try (SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket(plain, url.getHost(), port,
                        false)) {
                    socket.startHandshake();
                }
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("TLS is missing from this JVM", e);
        }
        if (seen[0] == null || seen[0].length == 0) {
            throw new IOException("the server presented no certificate");
        }
        return seen[0];
    }
}
