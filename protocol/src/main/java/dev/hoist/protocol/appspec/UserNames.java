package dev.hoist.protocol.appspec;

import java.util.regex.Pattern;

/**
 * Which user and group names an AppSpec may give ({@code runas}, {@code owner}, {@code group}): the
 * portable set, numeric ids, and {@code user@domain}. A leading '-' is refused because the agent passes
 * the name to su, chown and setfacl, where it would read as an option.
 */
final class UserNames {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._][A-Za-z0-9._@-]{0,63}\\$?");

    private UserNames() {
    }

    static boolean isValid(String name) {
        return NAME.matcher(name).matches();
    }

    static final String RULE = "use letters, digits, '.', '_', '-' and '@', not starting with '-'";
}
