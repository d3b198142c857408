package dev.hoist.agent.bundle;

import dev.hoist.protocol.deploy.FailureClass;

/** Builds the refusals that name an entry and the rule it broke, in one wording. */
final class Refusals {

    private Refusals() {
    }

    /** {@code entry 'NAME' RULE}, as {@code BUNDLE_INVALID}. */
    static BundleException entry(String entryName, String rule) {
        return new BundleException(FailureClass.BUNDLE_INVALID, "entry '" + entryName + "' " + rule);
    }

    /**
     * A failure to write below the target (disk full, permissions): the agent's problem, not the
     * bundle's, so it is {@code UNKNOWN_ERROR}.
     */
    static BundleException cannotWrite(String entryName, java.nio.file.Path path, java.io.IOException e) {
        return new BundleException(FailureClass.UNKNOWN_ERROR,
                "could not write entry '" + entryName + "' to " + path + ": " + describe(e), e);
    }

    /** The exception's class and message: {@code NoSuchFileException: /x} says more than {@code /x}. */
    static String describe(Throwable e) {
        String message = e.getMessage();
        return message == null ? e.getClass().getSimpleName() : e.getClass().getSimpleName() + ": " + message;
    }

    /**
     * The archive library could not read the bundle: corrupt, truncated or not what it claims. An
     * interrupted read is a cancellation, not a bad bundle.
     */
    static BundleException unreadable(String what, java.io.IOException e) {
        if (e instanceof java.nio.channels.ClosedByInterruptException || Thread.currentThread().isInterrupted()) {
            return new BundleException(FailureClass.CANCELLED, "extraction interrupted while reading " + what, e);
        }
        return new BundleException(FailureClass.BUNDLE_INVALID, what + " cannot be read: " + describe(e)
                + "; the bundle is corrupt, truncated or not of its declared type", e);
    }

    static BundleException invalid(String message) {
        return new BundleException(FailureClass.BUNDLE_INVALID, message);
    }

    static BundleException invalid(String message, Throwable cause) {
        return new BundleException(FailureClass.BUNDLE_INVALID, message, cause);
    }
}
