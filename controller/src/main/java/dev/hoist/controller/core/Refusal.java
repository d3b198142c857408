package dev.hoist.controller.core;

import java.util.Map;

/**
 * A request the controller will not carry out, with a machine-readable code (e.g. {@code INVALID_TTL}),
 * a message that says what to do instead, and details such as the offending value. The REST layer turns
 * it into a 4xx response; nothing about it is unexpected.
 */
public final class Refusal extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Why the request is refused, which decides the HTTP status. */
    public enum Kind {
        /** The input is wrong (400). */
        INVALID,
        /** The thing named does not exist (404). */
        NOT_FOUND,
        /** The request clashes with the current state (409). */
        CONFLICT,
        /** The request is well formed but what it carries cannot be accepted, e.g. an invalid bundle (422). */
        UNPROCESSABLE,
        /** The caller may not do this, whatever the request says (403). */
        FORBIDDEN,
        /** The request body is larger than the limit for it (413). */
        TOO_LARGE,
        /** The controller cannot do it right now, e.g. its store is down; the same request may be retried (503). */
        UNAVAILABLE
    }

    private final Kind kind;
    private final String code;
    private final transient Map<String, Object> details;

    public Refusal(Kind kind, String code, String message, Map<String, Object> details) {
        super(message, null, false, false);
        this.kind = kind;
        this.code = code;
        this.details = Map.copyOf(details);
    }

    public static Refusal invalid(String code, String message, Map<String, Object> details) {
        return new Refusal(Kind.INVALID, code, message, details);
    }

    public static Refusal notFound(String code, String message, Map<String, Object> details) {
        return new Refusal(Kind.NOT_FOUND, code, message, details);
    }

    public static Refusal conflict(String code, String message, Map<String, Object> details) {
        return new Refusal(Kind.CONFLICT, code, message, details);
    }

    public Kind kind() {
        return kind;
    }

    public String code() {
        return code;
    }

    public Map<String, Object> details() {
        return details;
    }
}
