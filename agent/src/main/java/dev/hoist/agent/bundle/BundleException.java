package dev.hoist.agent.bundle;

import dev.hoist.protocol.deploy.FailureClass;

/** A bundle that cannot be used: {@code BUNDLE_INVALID} or {@code BUNDLE_DIGEST_MISMATCH}. */
public final class BundleException extends Exception {
    private static final long serialVersionUID = 1L;

    private final FailureClass failure;

    public BundleException(FailureClass failure, String message) {
        super(message);
        this.failure = failure;
    }

    public BundleException(FailureClass failure, String message, Throwable cause) {
        super(message, cause);
        this.failure = failure;
    }

    public FailureClass failure() {
        return failure;
    }
}
