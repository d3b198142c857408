package dev.hoist.agent.identity;

import dev.hoist.agent.state.AtomicFiles;
import dev.hoist.protocol.signing.RevisionSignatures;
import dev.hoist.protocol.signing.SigningKeys;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;

/**
 * The release keys this host trusts: every {@code *.pem} public key in {@code <state-dir>/trusted-keys}
 * ({@code hoist-agent enroll --trust-key PUB.pem} puts them there; an operator may add or remove files, and
 * the next deployment sees the change). With none, the host runs what its controller sends; with any, it
 * runs only revisions that one of them signed (docs/security.md). The trust lives on the host, so a
 * controller taken over cannot widen it.
 *
 * <p>Fails closed: a file in the directory that is not an Ed25519 public key refuses every deployment,
 * because ignoring it could turn a host that was meant to check signatures into one that does not.
 */
public final class TrustedKeys {
    /** The directory's name under the agent's state directory. */
    public static final String DIRECTORY = "trusted-keys";

    private final Path dir;

    /** @param dir the directory of trusted keys; {@code null} for a host that trusts none */
    public TrustedKeys(Path dir) {
        this.dir = dir;
    }

    /** The trusted keys of the agent whose state directory is {@code stateDir}. */
    public static TrustedKeys of(Path stateDir) {
        return new TrustedKeys(stateDir.resolve(DIRECTORY));
    }

    public Path directory() {
        return dir;
    }

    /** One trusted key and the file it came from. */
    public record TrustedKey(Path file, String keyId, Ed25519PublicKeyParameters key) {
    }

    /** What a revision's signature means to this host. */
    public enum Outcome {
        /** The host trusts no key: it runs what the controller sends. */
        NOT_REQUIRED,
        /** One of the trusted keys signed this application's bundle with this digest. */
        VERIFIED,
        /** The host trusts keys and none of them signed it (or one cannot be read): nothing may run. */
        REFUSED
    }

    /** @param message what happened, for the deployment's log (the refusal's reason when REFUSED) */
    public record Check(Outcome outcome, String message) {
    }

    /** Every key in the directory, by file name; empty when the directory is absent or holds no {@code *.pem}. */
    public List<TrustedKey> load() throws SigningKeys.KeyException {
        if (dir == null || !Files.isDirectory(dir)) {
            return List.of();
        }
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> listing = Files.newDirectoryStream(dir, "*.pem")) {
            listing.forEach(files::add);
        } catch (IOException e) {
            throw new SigningKeys.KeyException("cannot list the trusted keys in " + dir + ": " + e);
        }
        files.sort(null);
        List<TrustedKey> keys = new ArrayList<>();
        for (Path file : files) {
            Ed25519PublicKeyParameters key = SigningKeys.readPublic(file);
            keys.add(new TrustedKey(file, SigningKeys.keyId(key), key));
        }
        return keys;
    }

    /**
     * Whether this host may run {@code application}'s bundle with digest {@code sha256} (as fetched and
     * checked against that digest) given its {@code signature} (Base64, empty when unsigned).
     */
    public Check check(String application, String revisionId, String sha256, String signature) {
        List<TrustedKey> keys;
        try {
            keys = load();
        } catch (SigningKeys.KeyException e) {
            return new Check(Outcome.REFUSED, "this host's trusted keys cannot be read, so it runs nothing: "
                    + e.getMessage() + "; fix or remove the file in " + dir);
        }
        if (keys.isEmpty()) {
            return new Check(Outcome.NOT_REQUIRED, "this host trusts no signing key (" + dir + " has no *.pem): "
                    + "signatures are not checked");
        }
        String ids = keys.stream().map(TrustedKey::keyId).collect(Collectors.joining(", "));
        if (signature == null || signature.isBlank()) {
            return new Check(Outcome.REFUSED, "revision " + revisionId + " of " + application + " is not signed, and "
                    + "this host runs only revisions signed by a key it trusts (" + ids + "); sign it with "
                    + "'hoist revision sign " + revisionId + " --key KEY.pem' or push with --sign-key, then deploy "
                    + "again");
        }
        for (TrustedKey key : keys) {
            if (RevisionSignatures.verify(key.key(), application, sha256, signature)) {
                return new Check(Outcome.VERIFIED, "the signature of bundle " + sha256 + " for " + application
                        + " verifies with trusted key " + key.keyId() + " (" + key.file().getFileName() + ")");
            }
        }
        return new Check(Outcome.REFUSED, "the signature of revision " + revisionId + " of " + application
                + " (bundle sha256 " + sha256 + ") is by none of the keys this host trusts (" + ids + "), or the "
                + "bundle is not the one that was signed; sign it with a trusted key, or trust its key on this "
                + "host (hoist-agent enroll --trust-key, or a file in " + dir + ")");
    }

    /**
     * Trusts the public key in {@code pem}: checked, then copied as {@code <key id hex>.pem} (written whole
     * or not at all). Returns the key's id.
     */
    public String add(Path pem) throws SigningKeys.KeyException, IOException {
        Ed25519PublicKeyParameters key = SigningKeys.readPublic(pem);
        String keyId = SigningKeys.keyId(key);
        Files.createDirectories(dir);
        String text = "-----BEGIN PUBLIC KEY-----\n" + SigningKeys.publicToBase64(key) + "\n-----END PUBLIC KEY-----\n";
        AtomicFiles.write(dir.resolve(keyId.substring(keyId.indexOf(':') + 1) + ".pem"),
                text.getBytes(StandardCharsets.US_ASCII));
        return keyId;
    }
}
