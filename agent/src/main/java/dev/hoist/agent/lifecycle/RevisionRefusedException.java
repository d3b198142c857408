package dev.hoist.agent.lifecycle;

import dev.hoist.protocol.deploy.FailureClass;

/** The revision cannot be deployed: its bundle or its AppSpec is refused. */
public final class RevisionRefusedException extends Exception {
    private static final long serialVersionUID = 1L;

    private final FailureClass failure;

    public RevisionRefusedException(FailureClass failure, String message) {
        super(message);
        this.failure = failure;
    }

    public FailureClass failure() {
        return failure;
    }
}
