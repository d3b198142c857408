package dev.hoist.bench;

import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The raw baseline's mutual TLS: a CA, a server and a client certificate, all ECDSA P-256 like Hoist's,
 * TLS 1.3, with the same provider choice as the gateway (BoringSSL when netty-tcnative loads).
 */
final class RawTls {
    private RawTls() {
    }

    static SslProvider provider() {
        return OpenSsl.isAvailable() ? SslProvider.OPENSSL : SslProvider.JDK;
    }

    static String providerName() {
        return OpenSsl.isAvailable() ? "BoringSSL" : "JDK";
    }

    /** Writes ca.pem, server.pem, server.key, client.pem, client.key into {@code dir}. */
    static void create(Path dir) throws GeneralSecurityException, IOException, org.bouncycastle.operator.OperatorCreationException {
        Files.createDirectories(dir);
        KeyPair ca = keyPair();
        X509Certificate caCert = sign("CN=raw-ca", ca, "CN=raw-ca", ca.getPrivate(), true);
        KeyPair server = keyPair();
        KeyPair client = keyPair();
        write(dir.resolve("ca.pem"), "CERTIFICATE", caCert.getEncoded());
        write(dir.resolve("server.pem"), "CERTIFICATE", sign("CN=raw-server", server, "CN=raw-ca", ca.getPrivate(),
                false).getEncoded());
        write(dir.resolve("server.key"), "PRIVATE KEY", server.getPrivate().getEncoded());
        write(dir.resolve("client.pem"), "CERTIFICATE", sign("CN=raw-client", client, "CN=raw-ca", ca.getPrivate(),
                false).getEncoded());
        write(dir.resolve("client.key"), "PRIVATE KEY", client.getPrivate().getEncoded());
    }

    static SslContext server(Path dir) throws IOException {
        return SslContextBuilder.forServer(dir.resolve("server.pem").toFile(), dir.resolve("server.key").toFile())
                .trustManager(dir.resolve("ca.pem").toFile()).clientAuth(ClientAuth.REQUIRE)
                .protocols("TLSv1.3").sslProvider(provider()).build();
    }

    static SslContext client(Path dir) throws IOException {
        return SslContextBuilder.forClient()
                .keyManager(dir.resolve("client.pem").toFile(), dir.resolve("client.key").toFile())
                .trustManager(dir.resolve("ca.pem").toFile())
                .protocols("TLSv1.3").sslProvider(provider()).build();
    }

    private static KeyPair keyPair() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    private static X509Certificate sign(String subject, KeyPair subjectKeys, String issuer, PrivateKey issuerKey,
            boolean ca) throws GeneralSecurityException, IOException, org.bouncycastle.operator.OperatorCreationException {
        Instant now = Instant.now();
        JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(new X500Name(issuer),
                BigInteger.valueOf(now.toEpochMilli()).add(BigInteger.valueOf(System.nanoTime() & 0xffff)),
                Date.from(now.minus(1, ChronoUnit.HOURS)), Date.from(now.plus(2, ChronoUnit.DAYS)),
                new X500Name(subject), subjectKeys.getPublic());
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
        if (!ca) {
            builder.addExtension(Extension.subjectAlternativeName, false, new org.bouncycastle.asn1.x509.GeneralNames(
                    new org.bouncycastle.asn1.x509.GeneralName(org.bouncycastle.asn1.x509.GeneralName.iPAddress,
                            "127.0.0.1")));
        }
        return new JcaX509CertificateConverter().getCertificate(builder.build(
                new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKey)));
    }

    private static void write(Path file, String type, byte[] der) throws IOException {
        String pem = "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
        Files.writeString(file, pem);
    }
}
