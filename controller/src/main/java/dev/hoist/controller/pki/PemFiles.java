package dev.hoist.controller.pki;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.util.io.pem.PemGenerationException;

/**
 * Reads and writes the PEM files of the controller's PKI. Writes go to a temporary file in the same
 * directory, are flushed to disk, then renamed over the target, so a crash never leaves half a key.
 */
final class PemFiles {
    static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    static final Set<PosixFilePermission> WORLD_READABLE = PosixFilePermissions.fromString("rw-r--r--");

    private PemFiles() {
    }

    static void writePrivateKey(Path file, PrivateKey key) throws IOException {
        // PKCS#8 ("BEGIN PRIVATE KEY"), which carries the curve and is read by OpenSSL and the JDK alike.
        try {
            writeAtomically(file, toPem(new JcaPKCS8Generator(key, null).generate()), OWNER_ONLY);
        } catch (PemGenerationException e) {
            throw new IOException("encoding the private key for " + file + " failed", e);
        }
    }

    static void writeCertificates(Path file, List<X509Certificate> certificates) throws IOException {
        StringBuilder pem = new StringBuilder();
        for (X509Certificate certificate : certificates) {
            pem.append(toPem(certificate));
        }
        writeAtomically(file, pem.toString(), WORLD_READABLE);
    }

    static PrivateKey readPrivateKey(Path file) throws IOException {
        try (PEMParser parser = new PEMParser(Files.newBufferedReader(file, StandardCharsets.US_ASCII))) {
            Object object = parser.readObject();
            JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
            if (object instanceof PrivateKeyInfo info) {
                return converter.getPrivateKey(info);
            }
            if (object instanceof PEMKeyPair pair) {
                return converter.getKeyPair(pair).getPrivate();
            }
            throw new IOException(file + " holds no private key in PEM form (found "
                    + (object == null ? "nothing" : object.getClass().getSimpleName()) + ")");
        }
    }

    static List<X509Certificate> readCertificates(Path file) throws IOException {
        List<X509Certificate> certificates = new ArrayList<>();
        try (PEMParser parser = new PEMParser(Files.newBufferedReader(file, StandardCharsets.US_ASCII))) {
            JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
            for (Object object = parser.readObject(); object != null; object = parser.readObject()) {
                if (!(object instanceof X509CertificateHolder holder)) {
                    throw new IOException(file + " holds a " + object.getClass().getSimpleName()
                            + " where only certificates are expected");
                }
                certificates.add(converter.getCertificate(holder));
            }
        } catch (CertificateException e) {
            throw new IOException(file + " holds a certificate that cannot be decoded: " + e.getMessage(), e);
        }
        if (certificates.isEmpty()) {
            throw new IOException(file + " holds no PEM certificate");
        }
        return certificates;
    }

    static String toPem(Object object) {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            writer.writeObject(object);
        } catch (IOException e) {
            throw new IllegalStateException("writing PEM to memory failed", e);
        }
        return text.toString();
    }

    static X509Certificate parseCertificate(String pem) throws IOException {
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            return new JcaX509CertificateConverter().getCertificate((X509CertificateHolder) parser.readObject());
        } catch (CertificateException e) {
            throw new IOException("certificate cannot be decoded: " + e.getMessage(), e);
        }
    }

    /** Writes {@code content} to {@code file} through a temp file and an atomic rename, with the given mode. */
    static void writeAtomically(Path file, String content, Set<PosixFilePermission> mode) throws IOException {
        Path directory = file.toAbsolutePath().getParent();
        Files.createDirectories(directory);
        Path temp = Files.createTempFile(directory, "." + file.getFileName(), ".tmp",
                PosixFilePermissions.asFileAttribute(mode));
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                channel.write(StandardCharsets.US_ASCII.encode(content));
                channel.force(true);
            }
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}
