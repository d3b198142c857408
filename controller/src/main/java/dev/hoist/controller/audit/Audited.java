package dev.hoist.controller.audit;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a mutating resource method: every call of it, allowed or refused, lands in the audit log as
 * {@link #value()} (e.g. {@code agent.revoke}). The target is the {@code {id}} path parameter, or what
 * the method put in the request property {@link #TARGET_PROPERTY} (for things it created).
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Audited {
    /** Request property through which a method names the target it created. */
    String TARGET_PROPERTY = "hoist.audit.target";

    String value();
}
