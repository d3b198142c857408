package dev.hoist.controller.source;

import dev.hoist.controller.core.Refusal;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A source repository's name: lower-case letters, digits, {@code .}, {@code _} and {@code -}, starting with a
 * letter or digit, at most 63 characters, not ending in {@code .git} (the URL adds that) and without
 * {@code ..}. It is also the directory name under {@code <dataDir>/git}, so nothing else gets through.
 */
public final class RepositoryName {
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,62}");

    private RepositoryName() {
    }

    /** The reason {@code name} is not a repository name, or {@code null} when it is one. */
    static String problem(String name) {
        if (name == null || name.isBlank()) {
            return "a repository needs a name";
        }
        if (!NAME.matcher(name).matches()) {
            return "'" + name + "' is not a repository name: use 1 to 63 lower-case letters, digits, '.', '_' or '-', "
                    + "starting with a letter or digit (e.g. web-shop)";
        }
        if (name.endsWith(".git")) {
            return "'" + name + "' ends in .git: name it without (" + name.substring(0, name.length() - 4)
                    + "); the clone URL adds .git";
        }
        if (name.contains("..")) {
            return "'" + name + "' contains '..': use single dots";
        }
        if (name.endsWith(".lock")) {
            return "'" + name + "' ends in .lock, which git reserves";
        }
        return null;
    }

    /** {@code name}, or a refusal {@code INVALID_REPOSITORY_NAME} saying what is wrong with it. */
    public static String require(String name) {
        String problem = problem(name);
        if (problem != null) {
            throw Refusal.invalid("INVALID_REPOSITORY_NAME", problem, name == null ? Map.of() : Map.of("name", name));
        }
        return name;
    }

    public static boolean isValid(String name) {
        return problem(name) == null;
    }
}
