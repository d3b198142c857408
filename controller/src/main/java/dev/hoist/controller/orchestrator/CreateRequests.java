package dev.hoist.controller.orchestrator;

import dev.hoist.controller.core.Refusal;
import dev.hoist.controller.core.deploy.CreateRequestKey;
import dev.hoist.controller.core.deploy.Deployment;
import dev.hoist.controller.core.deploy.DeploymentRequest;
import dev.hoist.controller.core.deploy.DeploymentStore;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Create requests by idempotency key: those committed are in the store, those made since the last
 * commit are kept here, so a retry finds its deployment whether or not the store has taken it yet.
 * Confined to the loop's thread.
 */
final class CreateRequests {
    private static final Pattern KEY = Pattern.compile("[\\x21-\\x7e]{1,200}");

    private final DeploymentStore store;
    private final Map<String, CreateRequestKey> uncommitted = new HashMap<>();

    CreateRequests(DeploymentStore store) {
        this.store = store;
    }

    /**
     * The id of the deployment an earlier request with the same key made, if any.
     *
     * @throws Refusal {@code IDEMPOTENCY_KEY_REUSED} when the earlier request with that key was another
     */
    Optional<String> madeBy(CreateRequestKey request) {
        CreateRequestKey known = uncommitted.get(request.key());
        if (known == null) {
            known = store.requestKey(request.key()).orElse(null);
        }
        if (known == null) {
            return Optional.empty();
        }
        if (!known.fingerprint().equals(request.fingerprint())) {
            throw new Refusal(Refusal.Kind.CONFLICT, "IDEMPOTENCY_KEY_REUSED", "idempotency key '" + request.key()
                    + "' was used for another request (deployment " + known.deploymentId() + "); use a new key "
                    + "for a new deployment", Map.of("deploymentId", known.deploymentId()));
        }
        return Optional.of(known.deploymentId());
    }

    void remember(CreateRequestKey request, UnitOfWork unit) {
        uncommitted.put(request.key(), request);
        unit.requestKey(request);
    }

    /**
     * @throws Refusal {@code IDEMPOTENCY_KEY_INVALID} unless {@code key} is null or 1 to 200 printable
     *         ASCII characters without spaces
     */
    static void checkKey(String key) {
        if (key != null && !KEY.matcher(key).matches()) {
            throw new Refusal(Refusal.Kind.INVALID, "IDEMPOTENCY_KEY_INVALID", "the Idempotency-Key header must be "
                    + "1 to 200 printable ASCII characters without spaces, for example a UUID",
                    Map.of("header", "Idempotency-Key"));
        }
    }

    /** The key of a create request that made (or would make) {@code deployment}. */
    static CreateRequestKey key(String key, DeploymentRequest request, String creator, Deployment deployment) {
        return new CreateRequestKey(key, fingerprint(request, creator), deployment.id(), deployment.createdAt());
    }

    /** The same request from the same caller has the same fingerprint. */
    private static String fingerprint(DeploymentRequest request, String creator) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((creator + '\n' + request).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** Everything remembered is in the store now. */
    void committed() {
        uncommitted.clear();
    }
}
