package dev.hoist.agent.install;

import dev.hoist.protocol.deploy.FailureClass;

/** Install failed: {@code FILE_EXISTS}, or {@code UNKNOWN_ERROR} with a message that says what to do. */
public final class InstallException extends Exception {
    private static final long serialVersionUID = 1L;

    private final FailureClass failure;

    public InstallException(FailureClass failure, String message) {
        super(message);
        this.failure = failure;
    }

    public InstallException(FailureClass failure, String message, Throwable cause) {
        super(message, cause);
        this.failure = failure;
    }

    public FailureClass failure() {
        return failure;
    }
}
