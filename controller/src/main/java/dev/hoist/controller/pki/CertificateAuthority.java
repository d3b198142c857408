package dev.hoist.controller.pki;

import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.PKCSException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The controller's own certificate authority (ECDSA P-256). Its key stays in the data directory,
 * mode 0600, and is never sent anywhere. It signs the gateway certificate and every agent certificate.
 *
 * <p>Files in the PKI directory: {@code ca.key} (PKCS#8 PEM, 0600) and {@code ca.crt}, created on first
 * start and loaded after; {@code gateway.key} / {@code gateway.crt}, see {@link #gatewayCredentials};
 * and {@code trusted/*.crt}, further CA certificates agents may present (kept during a CA rotation).
 *
 * <p>Thread-safe: every method may be called from any thread. Signing costs a few milliseconds, so
 * callers on an event loop hand it to an executor.
 */
public final class CertificateAuthority {
    static final String CA_KEY = "ca.key";
    static final String CA_CERT = "ca.crt";
    static final String GATEWAY_KEY = "gateway.key";
    static final String GATEWAY_CERT = "gateway.crt";
    static final String TRUSTED_DIR = "trusted";

    private static final Logger LOG = LoggerFactory.getLogger(CertificateAuthority.class);
    private static final String SIGNATURE_ALGORITHM = "SHA256withECDSA";
    private static final Duration CA_LIFETIME = Duration.ofDays(3650);
    /** Certificates start a little in the past so that hosts whose clocks lag accept them. */
    private static final Duration BACKDATE = Duration.ofMinutes(5);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path pkiDir;
    private final PrivateKey caKey;
    private final X509Certificate caCertificate;
    private final List<X509Certificate> trustAnchors;
    private final Clock clock;

    private CertificateAuthority(Path pkiDir, PrivateKey caKey, X509Certificate caCertificate,
            List<X509Certificate> trustAnchors, Clock clock) {
        this.pkiDir = pkiDir;
        this.caKey = caKey;
        this.caCertificate = caCertificate;
        this.trustAnchors = List.copyOf(trustAnchors);
        this.clock = clock;
    }

    /**
     * Loads the CA from {@code pkiDir}, creating it (key 0600) on first start.
     *
     * @throws java.io.IOException when the files exist but cannot be read, with a message that says which
     */
    public static CertificateAuthority loadOrCreate(Path pkiDir, Clock clock) throws java.io.IOException {
        Path keyFile = pkiDir.resolve(CA_KEY);
        Path certFile = pkiDir.resolve(CA_CERT);
        boolean hasKey = Files.exists(keyFile);
        boolean hasCert = Files.exists(certFile);
        if (hasKey != hasCert) {
            throw new IOException("the CA in " + pkiDir + " is incomplete: " + (hasKey ? certFile : keyFile)
                    + " is missing. Restore it from a backup, or remove " + (hasKey ? keyFile : certFile)
                    + " to create a new CA (every agent must then enroll again)");
        }
        if (!hasKey) {
            return create(pkiDir, clock);
        }
        PrivateKey key = PemFiles.readPrivateKey(keyFile);
        X509Certificate certificate = PemFiles.readCertificates(certFile).get(0);
        warnIfReadableByOthers(keyFile);
        CertificateAuthority ca = new CertificateAuthority(pkiDir, key, certificate,
                trustAnchors(certificate, pkiDir.resolve(TRUSTED_DIR)), clock);
        LOG.info("Loaded CA {} from {} (pin {})", certificate.getSubjectX500Principal().getName(), pkiDir, ca.pin());
        return ca;
    }

    private static CertificateAuthority create(Path pkiDir, Clock clock) throws IOException {
        Files.createDirectories(pkiDir);
        CertificateAuthority ca = generate(pkiDir, clock);
        PemFiles.writePrivateKey(pkiDir.resolve(CA_KEY), ca.caKey);
        PemFiles.writeCertificates(pkiDir.resolve(CA_CERT), List.of(ca.caCertificate));
        LOG.info("Created a new CA in {} (pin {})", pkiDir, ca.pin());
        return ca;
    }

    /**
     * Whether {@code pkiDir} holds a CA of its own ({@code ca.key} and {@code ca.crt}), which
     * {@link #loadOrCreate} would load.
     */
    static boolean existsIn(Path pkiDir) {
        return Files.exists(pkiDir.resolve(CA_KEY)) && Files.exists(pkiDir.resolve(CA_CERT));
    }

    /**
     * A new CA held in memory only: nothing is written. Its gateway credentials and extra trust anchors
     * are still kept in {@code pkiDir}.
     */
    static CertificateAuthority generate(Path pkiDir, Clock clock) throws IOException {
        KeyPair keyPair = newKeyPair();
        X500Name name = new X500NameBuilder(BCStyle.INSTANCE)
                .addRDN(BCStyle.O, "Hoist")
                .addRDN(BCStyle.CN, "Hoist CA " + HexFormat.of().formatHex(randomBytes(4)))
                .build();
        Instant now = clock.instant();
        try {
            JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, newSerial(),
                    Date.from(now.minus(BACKDATE)), Date.from(now.plus(CA_LIFETIME)), name, keyPair.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                    .addExtension(Extension.subjectKeyIdentifier, false,
                            extensions.createSubjectKeyIdentifier(keyPair.getPublic()));
            X509Certificate certificate = sign(builder, keyPair.getPrivate());
            return of(pkiDir, keyPair.getPrivate(), certificate, clock);
        } catch (NoSuchAlgorithmException | CertIOException e) {
            throw new IllegalStateException("building the CA certificate failed", e);
        }
    }

    /** The CA made of {@code key} and {@code certificate}, trusting also what {@code pkiDir/trusted} holds. */
    static CertificateAuthority of(Path pkiDir, PrivateKey key, X509Certificate certificate, Clock clock)
            throws IOException {
        return new CertificateAuthority(pkiDir, key, certificate,
                trustAnchors(certificate, pkiDir.resolve(TRUSTED_DIR)), clock);
    }

    /** The signing key, for sealing it into the shared store; never leaves the pki package otherwise. */
    PrivateKey privateKey() {
        return caKey;
    }

    /** The same CA, reading time from {@code otherClock} (validity periods of what it signs start there). */
    public CertificateAuthority withClock(Clock otherClock) {
        return new CertificateAuthority(pkiDir, caKey, caCertificate, trustAnchors, otherClock);
    }

    /** {@code sha256:<hex>} of the CA certificate's SubjectPublicKeyInfo: what agents pin. */
    public String pin() {
        return pinOf(caCertificate);
    }

    /** {@code sha256:<hex>} of {@code certificate}'s SubjectPublicKeyInfo. */
    public static String pinOf(X509Certificate certificate) {
        try {
            byte[] spki = certificate.getPublicKey().getEncoded();
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(spki));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** The CA certificate that signs new certificates. */
    public X509Certificate certificate() {
        return caCertificate;
    }

    /**
     * Every CA certificate whose agent certificates the gateway accepts: the signing CA first, then
     * any others kept in {@code trusted/} (during a rotation, the CA being retired).
     */
    public List<X509Certificate> trustAnchors() {
        return trustAnchors;
    }

    /**
     * Signs an agent's PKCS#10 request: subject {@code CN=<agentId>}, SAN URI {@code hoist://agent/<agentId>},
     * client authentication only, valid from now for {@code lifetime}. The request's own subject is ignored:
     * the controller chooses who the agent is.
     *
     * @throws CsrRejectedException when the request is malformed, its signature is wrong, or its key is
     *     not an ECDSA P-256 key
     */
    public X509Certificate signAgentCertificate(byte[] csrDer, String agentId, Duration lifetime)
            throws CsrRejectedException {
        return signAgentCertificate(checkCsr(csrDer), agentId, lifetime);
    }

    /**
     * As {@link #signAgentCertificate(byte[], String, Duration)}, for a request {@link #checkCsr} already
     * checked: its signature is not verified a second time (ECDSA verification was half of an enrollment's
     * controller CPU when it ran twice, docs/benchmarks.md).
     */
    public X509Certificate signAgentCertificate(CheckedCsr checked, String agentId, Duration lifetime)
            throws CsrRejectedException {
        if (!AgentCertificates.isValidAgentId(agentId)) {
            throw new IllegalArgumentException("not an agent id: " + agentId);
        }
        PKCS10CertificationRequest csr = checked.request;
        X500Name subject = new X500NameBuilder(BCStyle.INSTANCE)
                .addRDN(BCStyle.O, "Hoist")
                .addRDN(BCStyle.OU, "agents")
                .addRDN(BCStyle.CN, agentId)
                .build();
        Instant now = clock.instant();
        try {
            PublicKey publicKey = publicKey(csr.getSubjectPublicKeyInfo());
            JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(caCertificate, newSerial(),
                    Date.from(now.minus(BACKDATE)), Date.from(now.plus(lifetime)), toJca(subject), publicKey)
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                    .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth))
                    .addExtension(Extension.subjectAlternativeName, false, new GeneralNames(
                            new GeneralName(GeneralName.uniformResourceIdentifier, AgentCertificates.URI_PREFIX + agentId)))
                    .addExtension(Extension.subjectKeyIdentifier, false, extensions.createSubjectKeyIdentifier(publicKey))
                    .addExtension(Extension.authorityKeyIdentifier, false,
                            extensions.createAuthorityKeyIdentifier(caCertificate));
            return sign(builder, caKey);
        } catch (GeneralSecurityException | IOException e) {
            throw new CsrRejectedException("the certificate request's public key cannot be used: " + e.getMessage());
        }
    }

    /**
     * Checks a PKCS#10 request as {@link #signAgentCertificate} would, without signing it: lets the
     * enrollment refuse a bad request before it spends a join token's use.
     */
    public CheckedCsr checkCsr(byte[] csrDer) throws CsrRejectedException {
        return new CheckedCsr(parseCsr(csrDer));
    }

    /** A certificate request whose form, key type and signature {@link #checkCsr} accepted. */
    public static final class CheckedCsr {
        private final PKCS10CertificationRequest request;

        private CheckedCsr(PKCS10CertificationRequest request) {
            this.request = request;
        }
    }

    private static PKCS10CertificationRequest parseCsr(byte[] csrDer) throws CsrRejectedException {
        PKCS10CertificationRequest csr;
        try {
            csr = new PKCS10CertificationRequest(csrDer);
        } catch (IOException | RuntimeException e) {
            throw new CsrRejectedException("the certificate request is not a DER-encoded PKCS#10 request ("
                    + csrDer.length + " bytes)");
        }
        SubjectPublicKeyInfo keyInfo = csr.getSubjectPublicKeyInfo();
        boolean p256 = X9ObjectIdentifiers.id_ecPublicKey.equals(keyInfo.getAlgorithm().getAlgorithm())
                && X9ObjectIdentifiers.prime256v1.equals(keyInfo.getAlgorithm().getParameters());
        if (!p256) {
            ASN1ObjectIdentifier algorithm = keyInfo.getAlgorithm().getAlgorithm();
            throw new CsrRejectedException("the certificate request's key is " + algorithm.getId()
                    + " with parameters " + keyInfo.getAlgorithm().getParameters()
                    + "; Hoist agents use ECDSA keys on the P-256 curve (secp256r1)");
        }
        try {
            if (!csr.isSignatureValid(new JcaContentVerifierProviderBuilder().build(publicKey(keyInfo)))) {
                throw new CsrRejectedException("the certificate request's signature does not match its key");
            }
        } catch (OperatorCreationException | PKCSException | GeneralSecurityException | IOException e) {
            throw new CsrRejectedException("the certificate request's signature cannot be checked: " + e.getMessage());
        }
        return csr;
    }

    private static PublicKey publicKey(SubjectPublicKeyInfo keyInfo) throws GeneralSecurityException, IOException {
        return KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(keyInfo.getEncoded()));
    }

    /**
     * The gateway's key and certificate chain, loaded from {@code gateway.key}/{@code gateway.crt} when
     * they were signed by this CA, name every wanted host and have more than a third of {@code lifetime}
     * left; issued anew (and written) otherwise. Names: localhost, 127.0.0.1, ::1, this host's name,
     * and {@code extraNames} (DNS names or IP addresses).
     */
    public GatewayCredentials gatewayCredentials(List<String> extraNames, Duration lifetime) throws IOException {
        Set<String> names = gatewayNames(extraNames);
        Path keyFile = pkiDir.resolve(GATEWAY_KEY);
        Path certFile = pkiDir.resolve(GATEWAY_CERT);
        if (Files.exists(keyFile) && Files.exists(certFile)) {
            GatewayCredentials existing = new GatewayCredentials(PemFiles.readPrivateKey(keyFile),
                    PemFiles.readCertificates(certFile));
            if (existing.isUsableFor(caCertificate, names, clock.instant(), lifetime.dividedBy(3))) {
                return existing;
            }
            LOG.info("Issuing a new gateway certificate: the one in {} is not signed by this CA, "
                    + "lacks one of {} or expires soon", certFile, names);
        }
        GatewayCredentials issued = issueGatewayCredentials(names, lifetime);
        PemFiles.writePrivateKey(keyFile, issued.privateKey());
        PemFiles.writeCertificates(certFile, issued.chain());
        return issued;
    }

    private GatewayCredentials issueGatewayCredentials(Set<String> names, Duration lifetime) {
        KeyPair keyPair = newKeyPair();
        X500Name subject = new X500NameBuilder(BCStyle.INSTANCE)
                .addRDN(BCStyle.O, "Hoist")
                .addRDN(BCStyle.CN, "Hoist gateway")
                .build();
        List<GeneralName> altNames = new ArrayList<>();
        for (String name : names) {
            altNames.add(GatewayCredentials.looksLikeIpAddress(name)
                    ? new GeneralName(GeneralName.iPAddress, name)
                    : new GeneralName(GeneralName.dNSName, name));
        }
        Instant now = clock.instant();
        try {
            JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(caCertificate, newSerial(),
                    Date.from(now.minus(BACKDATE)), Date.from(now.plus(lifetime)), toJca(subject), keyPair.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                    .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth))
                    .addExtension(Extension.subjectAlternativeName, false,
                            new GeneralNames(altNames.toArray(GeneralName[]::new)))
                    .addExtension(Extension.subjectKeyIdentifier, false,
                            extensions.createSubjectKeyIdentifier(keyPair.getPublic()))
                    .addExtension(Extension.authorityKeyIdentifier, false,
                            extensions.createAuthorityKeyIdentifier(caCertificate));
            return new GatewayCredentials(keyPair.getPrivate(), List.of(sign(builder, caKey), caCertificate));
        } catch (GeneralSecurityException | CertIOException e) {
            throw new IllegalStateException("building the gateway certificate failed", e);
        }
    }

    private static Set<String> gatewayNames(List<String> extraNames) {
        Set<String> names = new LinkedHashSet<>(List.of("localhost", "127.0.0.1", "::1"));
        try {
            names.add(InetAddress.getLocalHost().getHostName());
        } catch (UnknownHostException e) {
            LOG.warn("This host's name cannot be resolved ({}); the gateway certificate names only "
                    + "localhost and the configured names", e.getMessage());
        }
        for (String name : extraNames) {
            if (name != null && !name.isBlank()) {
                names.add(name.strip());
            }
        }
        return names;
    }

    /** A new ECDSA P-256 key pair. */
    public static KeyPair newKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM cannot generate ECDSA P-256 keys", e);
        }
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey key) {
        try {
            ContentSigner signer = new JcaContentSignerBuilder(SIGNATURE_ALGORITHM).build(key);
            return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
        } catch (OperatorCreationException | CertificateException e) {
            throw new IllegalStateException("signing a certificate failed", e);
        }
    }

    private static X500Principal toJca(X500Name name) {
        try {
            return new X500Principal(name.getEncoded());
        } catch (IOException e) {
            throw new IllegalStateException("encoding " + name + " failed", e);
        }
    }

    private static List<X509Certificate> trustAnchors(X509Certificate signing, Path trustedDir) throws IOException {
        List<X509Certificate> anchors = new ArrayList<>();
        anchors.add(signing);
        if (Files.isDirectory(trustedDir)) {
            try (DirectoryStream<Path> files = Files.newDirectoryStream(trustedDir, "*.crt")) {
                for (Path file : files) {
                    for (X509Certificate certificate : PemFiles.readCertificates(file)) {
                        if (!certificate.equals(signing)) {
                            anchors.add(certificate);
                        }
                    }
                }
            }
        }
        return anchors;
    }

    private static void warnIfReadableByOthers(Path keyFile) throws IOException {
        Set<PosixFilePermission> mode = Files.getPosixFilePermissions(keyFile);
        if (!PemFiles.OWNER_ONLY.containsAll(mode)) {
            LOG.warn("The CA key {} is readable by others (mode {}); run chmod 600 on it", keyFile,
                    PosixFilePermissions.toString(mode));
        }
    }

    private static BigInteger newSerial() {
        return new BigInteger(1, randomBytes(16));
    }

    private static byte[] randomBytes(int count) {
        byte[] bytes = new byte[count];
        RANDOM.nextBytes(bytes);
        return bytes;
    }
}
