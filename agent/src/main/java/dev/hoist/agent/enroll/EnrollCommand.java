package dev.hoist.agent.enroll;

import dev.hoist.agent.AgentVersion;
import dev.hoist.agent.connection.EnrollmentAnswer;
import dev.hoist.agent.connection.EnrollmentException;
import dev.hoist.agent.connection.EnrollmentExchange;
import dev.hoist.agent.connection.EnrollmentRequest;
import dev.hoist.agent.connection.HostFactsCollector;
import dev.hoist.agent.identity.AgentCredentials;
import dev.hoist.agent.identity.CaPin;
import dev.hoist.agent.identity.CertificateRequests;
import dev.hoist.agent.identity.ControllerAddress;
import dev.hoist.agent.identity.ControllerAddresses;
import dev.hoist.agent.identity.CredentialStore;
import dev.hoist.agent.identity.StateDirectory;
import dev.hoist.agent.identity.TrustedKeys;
import dev.hoist.protocol.signing.SigningKeys;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code hoist-agent enroll}: joins this server to a controller with a join token and the controller's CA pin. */
@Command(name = "enroll", mixinStandardHelpOptions = true,
        description = "Enroll this server with a controller, using a join token.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:enrolled",
            "2:invalid arguments",
            "3:the controller's CA does not match --ca-pin (nothing was sent)",
            "4:the controller cannot be reached, or TLS with it failed",
            "5:the controller does not know the token",
            "6:the token has expired",
            "7:the token has no uses left",
            "8:the controller refused the request for another reason",
            "9:the state directory cannot be written",
            "10:a --trust-key file is not an Ed25519 public key (nothing was sent)"})
public final class EnrollCommand implements Callable<Integer> {
    public static final int EXIT_USAGE = 2;
    public static final int EXIT_PIN_MISMATCH = 3;
    public static final int EXIT_UNREACHABLE = 4;
    public static final int EXIT_TOKEN_UNKNOWN = 5;
    public static final int EXIT_TOKEN_EXPIRED = 6;
    public static final int EXIT_TOKEN_SPENT = 7;
    public static final int EXIT_REFUSED = 8;
    public static final int EXIT_STATE_DIR = 9;
    public static final int EXIT_TRUST_KEY = 10;

    @Spec
    private CommandSpec spec;

    @Option(names = "--controller", required = true, paramLabel = "HOST:PORT[,HOST:PORT...]",
            description = "The controller's agent gateway, e.g. hoist.example.org:8443; several controllers on one "
                    + "database separated by commas, tried in turn (enrollment and every reconnect).")
    private String controller;

    @Option(names = "--token", paramLabel = "TOKEN",
            description = "A join token from 'hoist token create'. It is not stored on this host. Other users "
                    + "of this host can see it in the process list while enroll runs: prefer --token-file, or "
                    + "--token - to read it from standard input.")
    private String token;

    @Option(names = "--token-file", paramLabel = "FILE",
            description = "Read the join token from this file (its first line).")
    private Path tokenFile;

    @Option(names = "--ca-pin", required = true, paramLabel = "sha256:HEX",
            description = "The controller's CA pin, as 'hoist token create' prints it.")
    private String caPin;

    @Option(names = "--state-dir", paramLabel = "DIR",
            description = "Where to keep this agent's key and certificate "
                    + "(default: $HOIST_AGENT_STATE_DIR or /var/lib/hoist-agent).")
    private Path stateDir;

    @Option(names = "--tag", paramLabel = "KEY=VALUE", mapFallbackValue = "",
            description = "A tag for this agent, added to the token's tags (repeatable).")
    private Map<String, String> tags = new LinkedHashMap<>();

    @Option(names = "--trust-key", paramLabel = "PUB.pem",
            description = "Run only revisions signed by this Ed25519 public key (openssl pkey -pubout writes one); "
                    + "repeatable. Copied to <state-dir>/" + TrustedKeys.DIRECTORY + "/, where keys can also be "
                    + "added or removed later.")
    private List<Path> trustKeys = new ArrayList<>();

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "30", hidden = true)
    private int timeoutSeconds;

    /** The token from exactly one of {@code --token TOKEN}, {@code --token -} (standard input), {@code --token-file}. */
    private String joinToken() {
        if ((token == null) == (tokenFile == null)) {
            throw new IllegalArgumentException("give the join token once: --token-file FILE, --token - (read from "
                    + "standard input) or --token TOKEN");
        }
        String read;
        try {
            if (tokenFile != null) {
                read = Files.readString(tokenFile);
            } else if (token.equals("-")) {
                read = new String(System.in.readNBytes(4096), java.nio.charset.StandardCharsets.UTF_8);
            } else {
                return token.trim();
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the join token from "
                    + (tokenFile != null ? tokenFile : "standard input") + ": " + e.getMessage());
        }
        String first = read.lines().map(String::trim).filter(line -> !line.isEmpty()).findFirst().orElse("");
        if (first.isEmpty()) {
            throw new IllegalArgumentException("no join token in " + (tokenFile != null ? tokenFile : "standard input"));
        }
        return first;
    }

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ControllerAddresses address;
        CaPin pin;
        String joinToken;
        try {
            address = ControllerAddresses.parse(controller);
            pin = new CaPin(caPin);
            joinToken = joinToken();
        } catch (IllegalArgumentException e) {
            err.println("hoist-agent enroll: " + e.getMessage());
            return EXIT_USAGE;
        }
        for (Path key : trustKeys) {
            try {
                SigningKeys.readPublic(key);
            } catch (SigningKeys.KeyException e) {
                err.println("hoist-agent enroll: --trust-key " + e.getMessage());
                return EXIT_TRUST_KEY;
            }
        }
        CredentialStore store = new CredentialStore(stateDir != null ? stateDir : StateDirectory.fromEnvironment());
        List<Path> created = missingDirectories(store.stateDir());
        try {
            Files.createDirectories(store.stateDir());
            if (!created.isEmpty()) {
                Files.setPosixFilePermissions(store.stateDir(), PosixFilePermissions.fromString("rwx------"));
            }
            if (!Files.isWritable(store.stateDir())) {
                throw new IOException("it is not writable by this user");
            }
        } catch (IOException e) {
            err.println("hoist-agent enroll: cannot use the state directory " + store.stateDir() + ": "
                    + e.getMessage() + " (run as root, or pass --state-dir)");
            removeIfEmpty(created);
            return EXIT_STATE_DIR;
        }
        int status = enroll(address, pin, joinToken, store, out, err);
        if (status != 0) {
            // A refused enrollment leaves nothing behind: no empty state directory to puzzle over.
            removeIfEmpty(created);
        }
        return status;
    }

    private int enroll(ControllerAddresses addresses, CaPin pin, String joinToken, CredentialStore store,
            PrintWriter out, PrintWriter err) throws InterruptedException {

        KeyPair keyPair = CertificateRequests.newKeyPair();
        HostFactsCollector facts = new HostFactsCollector(store.stateDir());
        EnrollmentRequest request = new EnrollmentRequest(joinToken, CertificateRequests.csr(keyPair, facts.hostname()),
                tags, AgentVersion.current());
        EnrollmentAnswer response = null;
        EnrollmentExchange exchange = new EnrollmentExchange(Clock.systemUTC(), Duration.ofSeconds(timeoutSeconds),
                EnrollmentExchange.DEFAULT_SERVER_NAME, facts);
        // Several controllers: the first that answers enrolls (they share one database). A CA that does not
        // match the pin ends it at once, as does any answer: only an unreachable controller sends it on.
        for (ControllerAddress address : addresses.all()) {
            try {
                response = exchange.exchange(address, pin, request);
                break;
            } catch (EnrollmentException e) {
                err.println("hoist-agent enroll: " + e.getMessage());
                if (e.reason() == EnrollmentException.Reason.PIN_MISMATCH) {
                    return EXIT_PIN_MISMATCH;
                }
            }
        }
        if (response == null) {
            return EXIT_UNREACHABLE;
        }
        return switch (response.status()) {
            case OK -> save(response, keyPair, addresses, pin, store, out, err);
            case TOKEN_UNKNOWN -> refused(err, "the controller does not know this join token", response, EXIT_TOKEN_UNKNOWN);
            case TOKEN_EXPIRED -> refused(err, "the join token has expired", response, EXIT_TOKEN_EXPIRED);
            case TOKEN_SPENT -> refused(err, "the join token has no uses left", response, EXIT_TOKEN_SPENT);
            case REFUSED -> refused(err, "the controller refused the enrollment (" + response.statusName() + ")",
                    response, EXIT_REFUSED);
        };
    }

    /** {@code dir} and its ancestors that do not exist yet, deepest first. */
    private static List<Path> missingDirectories(Path dir) {
        List<Path> missing = new ArrayList<>();
        for (Path at = dir.toAbsolutePath(); at != null && !Files.exists(at); at = at.getParent()) {
            missing.add(at);
        }
        return missing;
    }

    private static void removeIfEmpty(List<Path> created) {
        for (Path dir : created) {
            try {
                Files.deleteIfExists(dir);
            } catch (IOException e) {
                return; // not empty (something else put a file there), or not ours to remove: leave it
            }
        }
    }

    private static int refused(PrintWriter err, String what, EnrollmentAnswer response, int status) {
        err.println("hoist-agent enroll: " + what + ": " + response.message());
        return status;
    }

    private int save(EnrollmentAnswer response, KeyPair keyPair, ControllerAddresses address, CaPin pin,
            CredentialStore store, PrintWriter out, PrintWriter err) {
        try {
            X509Certificate certificate = parse(response.certificateDer());
            List<X509Certificate> cas = new ArrayList<>();
            for (byte[] der : response.caCertificatesDer()) {
                cas.add(parse(der));
            }
            if (!certificate.getPublicKey().equals(keyPair.getPublic())) {
                err.println("hoist-agent enroll: the controller returned a certificate for another key; not saved");
                return EXIT_REFUSED;
            }
            if (cas.stream().noneMatch(pin::matches)) {
                err.println("hoist-agent enroll: the controller's CA certificates do not include the pinned CA " + pin
                        + "; not saved");
                return EXIT_REFUSED;
            }
            store.save(new AgentCredentials(response.agentId(), address, keyPair.getPrivate(), certificate, cas));
            TrustedKeys trusted = TrustedKeys.of(store.stateDir());
            for (Path key : trustKeys) {
                out.println("Trusting signing key " + trusted.add(key) + " (" + key + "): this agent runs only "
                        + "revisions it signed.");
            }
        } catch (CertificateException e) {
            err.println("hoist-agent enroll: the controller's answer holds a certificate that cannot be read: "
                    + e.getMessage());
            return EXIT_REFUSED;
        } catch (SigningKeys.KeyException e) {
            err.println("hoist-agent enroll: --trust-key " + e.getMessage());
            return EXIT_TRUST_KEY;
        } catch (IOException e) {
            err.println("hoist-agent enroll: enrolled as " + response.agentId() + " but cannot write "
                    + store.stateDir() + ": " + e.getMessage() + ". Enroll again with a new token once it is writable");
            return EXIT_STATE_DIR;
        }
        out.println("Enrolled as agent " + response.agentId() + " with the controller"
                + (address.size() > 1 ? "s" : "") + " at " + address + ".");
        out.println("Start it with: hoist-agent run --state-dir " + store.stateDir());
        return 0;
    }

    private static X509Certificate parse(byte[] der) throws CertificateException {
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(der));
    }
}
