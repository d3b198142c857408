package dev.hoist.controller.bundles;

import dev.hoist.controller.core.Refusal;
import dev.hoist.protocol.signing.RevisionSignatures;
import dev.hoist.protocol.signing.SigningKeys;
import java.util.Map;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;

/**
 * A revision signature as a client offers it (with a push, or later through {@code hoist revision sign}):
 * the Base64 signature and the signer's public key (the Base64 body of its PEM file). The controller checks
 * that the key made the signature for this application and bundle, so that a signature that no agent
 * would accept is refused at once instead of failing every host later. It decides no trust: agents do.
 */
public record OfferedSignature(String signature, String publicKey) {

    /** What is kept with the revision. */
    public record Checked(String signature, String keyId) {
    }

    /** The offer, or {@code null} when neither part was given. */
    public static OfferedSignature of(String signature, String publicKey) {
        boolean none = (signature == null || signature.isBlank()) && (publicKey == null || publicKey.isBlank());
        return none ? null : new OfferedSignature(signature, publicKey);
    }

    /** @throws Refusal {@code SIGNATURE_INVALID} (400) for a malformed or mismatched signature or key */
    public Checked check(String application, String sha256) {
        if (signature == null || signature.isBlank() || publicKey == null || publicKey.isBlank()) {
            throw Refusal.invalid("SIGNATURE_INVALID", "give both the signature and the public key that made it "
                    + "(hoist push --sign-key KEY.pem and hoist revision sign do)", Map.of("application", application));
        }
        Ed25519PublicKeyParameters key;
        try {
            key = SigningKeys.publicFromBase64(publicKey);
        } catch (SigningKeys.KeyException e) {
            throw Refusal.invalid("SIGNATURE_INVALID", e.getMessage() + "; send the Base64 body of an Ed25519 "
                    + "public key's PEM file (openssl pkey -pubout)", Map.of("application", application));
        }
        String keyId = SigningKeys.keyId(key);
        if (!RevisionSignatures.wellFormed(signature)) {
            throw Refusal.invalid("SIGNATURE_INVALID", "the signature is not Base64 of a 64-byte Ed25519 signature",
                    Map.of("application", application, "keyId", keyId));
        }
        if (!RevisionSignatures.verify(key, application, sha256, signature)) {
            throw Refusal.invalid("SIGNATURE_INVALID", "the signature is not key " + keyId + "'s signature of "
                    + application + "'s bundle with sha256 " + sha256 + "; sign that exact bundle for that "
                    + "application", Map.of("application", application, "keyId", keyId, "sha256", sha256));
        }
        return new Checked(signature.strip(), keyId);
    }
}
