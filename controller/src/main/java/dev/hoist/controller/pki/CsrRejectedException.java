package dev.hoist.controller.pki;

/** A certificate signing request the CA will not sign; the message says what is wrong and what would do. */
public final class CsrRejectedException extends Exception {
    private static final long serialVersionUID = 1L;

    public CsrRejectedException(String message) {
        super(message);
    }
}
