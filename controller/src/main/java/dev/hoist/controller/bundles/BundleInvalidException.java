package dev.hoist.controller.bundles;

/** A bundle that is not a tar.gz an agent could safely unpack; the message names the entry and the rule. */
public final class BundleInvalidException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String entry;

    public BundleInvalidException(String message) {
        this(message, null);
    }

    public BundleInvalidException(String message, String entry) {
        super(message, null, false, false);
        this.entry = entry;
    }

    /** The offending entry's name, or {@code null} when the whole file is at fault. */
    public String entry() {
        return entry;
    }
}
