package dev.hoist.agent.connection;

/** The enrollment exchange did not reach an answer from the controller; {@link #reason()} says why. */
public final class EnrollmentException extends Exception {
    private static final long serialVersionUID = 1L;

    /** Why no answer came. */
    public enum Reason {
        /** No CA in the controller's chain matches the pin: nothing was sent. */
        PIN_MISMATCH,
        /** No TCP connection to the controller's address. */
        UNREACHABLE,
        /** TLS failed for another reason (not TLS 1.3, not the controller, a bad certificate). */
        TLS_FAILED,
        /** The controller closed the connection or stayed silent without answering. */
        NO_ANSWER
    }

    private final Reason reason;

    public EnrollmentException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
