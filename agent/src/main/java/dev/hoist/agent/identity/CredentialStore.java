package dev.hoist.agent.identity;

import dev.hoist.agent.state.AtomicFiles;
import dev.hoist.agent.state.FlatJson;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The agent's credentials in its state directory (mode 0700):
 * <ul>
 *   <li>{@code agent-<serial>.key} (PKCS#8 PEM, 0600) and {@code agent-<serial>.crt}: key and certificate,
 *       named after the certificate's serial so that a renewal never overwrites the pair in use;</li>
 *   <li>{@code ca.crt}: the CA certificates the controller is checked against;</li>
 *   <li>{@code agent.json}: the controllers' addresses ({@code controller}: {@code HOST:PORT}, or several
 *       separated by commas), agent id and the names of the current key and certificate.</li>
 * </ul>
 * Every file is written to a temporary file, flushed to disk and renamed into place; {@code agent.json}
 * is written last, so a crash at any point leaves the previous, complete set in use.
 */
public final class CredentialStore {
    public static final String STATE_FILE = "agent.json";
    public static final String CA_FILE = "ca.crt";
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> READABLE = PosixFilePermissions.fromString("rw-r--r--");
    private static final String PKCS8_BEGIN = "-----BEGIN PRIVATE KEY-----";
    private static final String PKCS8_END = "-----END PRIVATE KEY-----";

    private final Path stateDir;

    public CredentialStore(Path stateDir) {
        this.stateDir = stateDir.toAbsolutePath();
    }

    public Path stateDir() {
        return stateDir;
    }

    public boolean isEnrolled() {
        return Files.exists(stateDir.resolve(STATE_FILE));
    }

    /**
     * Reads the current credentials.
     *
     * @throws IOException saying which file is missing or unreadable
     */
    public AgentCredentials load() throws IOException {
        Path stateFile = stateDir.resolve(STATE_FILE);
        State state;
        try {
            state = State.of(FlatJson.read(Files.readAllBytes(stateFile)));
        } catch (NoSuchFileException e) {
            throw new IOException("this agent is not enrolled: " + stateFile + " does not exist. Run "
                    + "'hoist-agent enroll' first (with the same --state-dir)");
        }
        if (state.agentId == null || state.controller == null || state.keyFile == null || state.certificateFile == null) {
            throw new IOException(stateFile + " is incomplete; enroll this agent again with a new join token");
        }
        PrivateKey key = readPrivateKey(stateDir.resolve(state.keyFile));
        X509Certificate certificate = readCertificates(stateDir.resolve(state.certificateFile)).get(0);
        List<X509Certificate> cas = readCertificates(stateDir.resolve(CA_FILE));
        return new AgentCredentials(state.agentId, ControllerAddresses.parse(state.controller), key, certificate, cas);
    }

    /** Writes {@code credentials} as the current ones and removes the key and certificate they replace. */
    public void save(AgentCredentials credentials) throws IOException {
        Files.createDirectories(stateDir);
        Files.setPosixFilePermissions(stateDir, PosixFilePermissions.fromString("rwx------"));
        String serial = credentials.certificate().getSerialNumber().toString(16).toLowerCase(Locale.ROOT);
        String base = "agent-" + serial.substring(0, Math.min(16, serial.length()));
        State state = new State();
        state.agentId = credentials.agentId();
        state.controller = credentials.controllers().toString();
        state.keyFile = base + ".key";
        state.certificateFile = base + ".crt";
        AtomicFiles.write(stateDir.resolve(state.keyFile), pkcs8(credentials.privateKey()), OWNER_ONLY);
        AtomicFiles.write(stateDir.resolve(state.certificateFile), pem(List.of(credentials.certificate())), READABLE);
        AtomicFiles.write(stateDir.resolve(CA_FILE), pem(credentials.caCertificates()), READABLE);
        AtomicFiles.write(stateDir.resolve(STATE_FILE), FlatJson.write(state.fields(), true), READABLE);
        removeOtherPairs(state);
    }

    private void removeOtherPairs(State current) throws IOException {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(stateDir, "agent-*.{key,crt}")) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                if (!name.equals(current.keyFile) && !name.equals(current.certificateFile)) {
                    Files.deleteIfExists(file);
                }
            }
        }
    }

    // PEM by hand, with the JDK only: Bouncy Castle stays unloaded unless a CSR is made (enroll, renewal),
    // which keeps it out of an idle agent's memory.

    private static String pkcs8(PrivateKey key) {
        return pem("PRIVATE KEY", key.getEncoded());
    }

    private static String pem(List<X509Certificate> certificates) throws IOException {
        StringBuilder text = new StringBuilder();
        for (X509Certificate certificate : certificates) {
            try {
                text.append(pem("CERTIFICATE", certificate.getEncoded()));
            } catch (CertificateEncodingException e) {
                throw new IOException("a certificate cannot be encoded: " + e.getMessage(), e);
            }
        }
        return text.toString();
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    private static PrivateKey readPrivateKey(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.US_ASCII);
        int begin = text.indexOf(PKCS8_BEGIN);
        int end = text.indexOf(PKCS8_END);
        if (begin < 0 || end < begin) {
            throw new IOException(file + " holds no PKCS#8 private key; enroll this agent again");
        }
        try {
            byte[] der = Base64.getMimeDecoder().decode(text.substring(begin + PKCS8_BEGIN.length(), end));
            return KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            throw new IOException(file + " holds a private key that cannot be decoded (" + e.getMessage()
                    + "); enroll this agent again", e);
        }
    }

    private static List<X509Certificate> readCertificates(Path file) throws IOException {
        List<X509Certificate> certificates = new ArrayList<>();
        try (InputStream in = Files.newInputStream(file)) {
            for (Certificate certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                certificates.add((X509Certificate) certificate);
            }
        } catch (CertificateException e) {
            throw new IOException(file + " holds a certificate that cannot be decoded: " + e.getMessage(), e);
        }
        if (certificates.isEmpty()) {
            throw new IOException(file + " holds no certificate; enroll this agent again");
        }
        return certificates;
    }

    /** The content of {@code agent.json}. */
    static final class State {
        String controller;
        String agentId;
        String keyFile;
        String certificateFile;

        static State of(Map<String, Object> fields) throws IOException {
            State state = new State();
            state.controller = FlatJson.text(fields, "controller");
            state.agentId = FlatJson.text(fields, "agentId");
            state.keyFile = FlatJson.text(fields, "keyFile");
            state.certificateFile = FlatJson.text(fields, "certificateFile");
            return state;
        }

        Map<String, Object> fields() {
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("controller", controller);
            fields.put("agentId", agentId);
            fields.put("keyFile", keyFile);
            fields.put("certificateFile", certificateFile);
            return fields;
        }
    }
}
