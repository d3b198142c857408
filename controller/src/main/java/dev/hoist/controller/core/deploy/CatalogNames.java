package dev.hoist.controller.core.deploy;

import dev.hoist.controller.core.Refusal;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The rule for names of applications, deployment groups and deployment configs: 1 to 128 letters,
 * digits, {@code .}, {@code _} and {@code -}. Names travel in URL paths and shell commands, so nothing
 * that needs quoting or escaping is allowed, nor a name of dots only ({@code ..} is a path step).
 */
public final class CatalogNames {
    public static final int MAX_LENGTH = 128;
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1," + MAX_LENGTH + "}");
    private static final Pattern DOTS = Pattern.compile("\\.+");

    private CatalogNames() {
    }

    /**
     * @param what for the message, e.g. {@code application}
     * @param code the refusal's code, e.g. {@code INVALID_APPLICATION_NAME}
     * @throws Refusal {@code code}, naming the bad name and what is allowed
     */
    public static String requireValid(String what, String code, String name) {
        if (name == null || name.isEmpty()) {
            throw Refusal.invalid(code, what + " name is missing; give 1 to " + MAX_LENGTH
                    + " letters, digits, '.', '_' or '-'", Map.of("field", "name"));
        }
        if (!NAME.matcher(name).matches() || DOTS.matcher(name).matches()) {
            throw Refusal.invalid(code, what + " name '" + name + "' is not valid: use 1 to " + MAX_LENGTH
                    + " letters, digits, '.', '_' or '-' (not only dots), e.g. web-shop or billing_api.v2",
                    Map.of("name", name));
        }
        return name;
    }
}
