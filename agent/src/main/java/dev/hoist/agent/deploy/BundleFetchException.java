package dev.hoist.agent.deploy;

import dev.hoist.protocol.deploy.FailureClass;

/** A bundle could not be fetched from the controller; {@link #failure} is how DownloadBundle fails. */
final class BundleFetchException extends Exception {
    private static final long serialVersionUID = 1L;

    private final transient FailureClass failure;

    BundleFetchException(FailureClass failure, String message) {
        super(message);
        this.failure = failure;
    }

    FailureClass failure() {
        return failure;
    }
}
