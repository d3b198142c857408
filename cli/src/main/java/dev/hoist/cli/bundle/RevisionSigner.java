package dev.hoist.cli.bundle;

import dev.hoist.cli.ExitCodes;
import dev.hoist.cli.client.CliFailure;
import dev.hoist.protocol.signing.RevisionSignatures;
import dev.hoist.protocol.signing.SigningKeys;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;

/**
 * Signs revisions with a release key (an Ed25519 private key PEM, as {@code openssl genpkey -algorithm
 * ed25519} writes it): {@code hoist push --sign-key} and {@code hoist revision sign}. The key never leaves
 * this machine; the controller gets the signature and the public key.
 */
public final class RevisionSigner {
    private final Ed25519PrivateKeyParameters key;

    private RevisionSigner(Ed25519PrivateKeyParameters key) {
        this.key = key;
    }

    /** @throws CliFailure when {@code pem} is not an Ed25519 private key, saying how to make one */
    public static RevisionSigner load(Path pem) {
        try {
            return new RevisionSigner(SigningKeys.readPrivate(pem));
        } catch (SigningKeys.KeyException e) {
            throw new CliFailure("--key: " + e.getMessage(), ExitCodes.USAGE);
        }
    }

    /** What goes to the controller: the signature and the public key, both Base64. */
    public record Signed(String signature, String publicKey, String keyId) {
    }

    public Signed sign(String application, String sha256) {
        return new Signed(RevisionSignatures.sign(key, application, sha256),
                SigningKeys.publicToBase64(key.generatePublicKey()), SigningKeys.keyId(key.generatePublicKey()));
    }

    /** The SHA-256 of {@code file}, lower-case hex. */
    public static String sha256(Path file) {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (IOException e) {
            throw new CliFailure("cannot read " + file + ": " + e.getMessage(), ExitCodes.USAGE);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}
