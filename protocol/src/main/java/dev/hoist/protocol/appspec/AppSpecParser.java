package dev.hoist.protocol.appspec;

import java.util.List;
import java.util.Set;

/**
 * Parses and validates AppSpec files ({@code version: 0.0}, {@code os: linux}) per appspec.md §2.
 * Pure: no file system access, so the controller, the CLI and the agent share it.
 */
public final class AppSpecParser {

    /**
     * Parses {@code text}, read from {@code fileName} (used in messages only).
     * The result holds a spec only when there are no errors.
     */
    public Result parse(String fileName, String text) {
        throw new UnsupportedOperationException("not yet implemented");
    }

    /**
     * Checks a parsed spec against the bundle's contents: every {@code files} source and hook
     * location must exist. {@code bundlePaths} holds every file and directory of the bundle,
     * relative to its root, with {@code /} separators and no leading slash.
     */
    public List<AppSpecProblem> checkAgainstBundle(String fileName, AppSpec spec, Set<String> bundlePaths) {
        throw new UnsupportedOperationException("not yet implemented");
    }

    /** @param spec {@code null} when {@code errors} is not empty */
    public record Result(AppSpec spec, List<AppSpecProblem> errors, List<AppSpecProblem> warnings) {
        public Result {
            errors = List.copyOf(errors);
            warnings = List.copyOf(warnings);
        }

        public boolean ok() {
            return errors.isEmpty();
        }
    }
}
