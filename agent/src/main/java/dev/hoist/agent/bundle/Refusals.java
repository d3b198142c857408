package dev.hoist.agent.bundle;

import dev.hoist.protocol.deploy.FailureClass;
import java.io.IOException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.file.Path;

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
    static BundleException cannotWrite(String entryName, Path path, IOException e) {
        return new BundleException(FailureClass.UNKNOWN_ERROR,
                "could not write entry '" + entryName + "' to " + path + ": " + describe(e), e);
    }

    /**
     * The archive library could not read the bundle: corrupt, truncated or not what it claims. Runtime
     * exceptions count too: on malformed input a parser may throw one instead of an IOException. An
     * interrupted read is a cancellation, not a bad bundle.
     */
    static BundleException unreadable(String what, Exception e) {
        if (e instanceof ClosedByInterruptException || Thread.currentThread().isInterrupted()) {
            return new BundleException(FailureClass.CANCELLED, "extraction interrupted while reading " + what, e);
        }
        return new BundleException(FailureClass.BUNDLE_INVALID, what + " cannot be read: " + describe(e)
                + "; the bundle is corrupt, truncated or not of its declared type", e);
    }

    static BundleException invalid(String message) {
        return new BundleException(FailureClass.BUNDLE_INVALID, message);
    }

    /** The exception's class and message: {@code NoSuchFileException: /x} says more than {@code /x}. */
    static String describe(Throwable e) {
        String message = e.getMessage();
        return message == null ? e.getClass().getSimpleName() : e.getClass().getSimpleName() + ": " + message;
    }
}
