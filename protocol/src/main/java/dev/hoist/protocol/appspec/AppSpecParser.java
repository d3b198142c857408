package dev.hoist.protocol.appspec;

import dev.hoist.protocol.appspec.AppSpecProblem.Severity;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.yaml.snakeyaml.nodes.MappingNode;

/**
 * Parses and validates AppSpec files ({@code version: 0.0}, {@code os: linux}) per appspec.md §2.
 * Pure: no file system access, so the controller, the CLI and the agent share it.
 *
 * <p>The file is hostile input: it is composed into YAML nodes only, never into Java objects, and every
 * problem found is reported (not just the first) with the file name, line, column, key path, the bad
 * value and what would be valid. Unknown keys are warnings, as CodeDeploy ignores them.
 */
public final class AppSpecParser {

    /** The names an AppSpec file may have at the bundle root, in the order they are looked for. */
    public static final List<String> FILE_NAMES = List.of("appspec.yml", "appspec.yaml");

    /**
     * Parses {@code text}, read from {@code fileName} (used in messages only).
     * The result holds a spec only when there are no errors. Never throws on any text.
     */
    public Result parse(String fileName, String text) {
        ParseContext context = new ParseContext(fileName);
        AppSpec spec = null;
        try {
            Optional<MappingNode> root = YamlComposer.composeRoot(text, context);
            if (root.isPresent()) {
                spec = new AppSpecReader(context).read(root.get());
            }
        } catch (RuntimeException | StackOverflowError e) {
            // A defect here must still come back as a refusal the user can report, not crash the caller.
            context.error(SourcePosition.UNKNOWN, "", "the file could not be checked (" + e
                    + "); this is a defect in Hoist, please report it with the file");
            spec = null;
        }
        return new Result(context.hasErrors() ? null : spec, context.errors(), context.warnings());
    }

    /**
     * Checks a parsed spec against the bundle's contents: every {@code files} source and hook
     * location must exist, and a hook location must be a file. {@code bundlePaths} holds every file and
     * directory of the bundle, relative to its root, with {@code /} separators and no leading slash
     * (a trailing slash marks a directory; parents of listed paths count as directories).
     */
    public List<AppSpecProblem> checkAgainstBundle(String fileName, AppSpec spec, Set<String> bundlePaths) {
        return new BundleContentsCheck(fileName, spec, bundlePaths).problems();
    }

    /**
     * Refuses events whose scripts' timeouts add up to more than {@code limit}, the deployment group's
     * limit for one event (appspec.md §2: reported at push time rather than when the event times out).
     */
    public List<AppSpecProblem> checkTimeoutLimit(String fileName, AppSpec spec, Duration limit) {
        List<AppSpecProblem> problems = new ArrayList<>();
        for (LifecycleEvent event : LifecycleEvent.values()) {
            List<HookScript> scripts = spec.scriptsFor(event);
            Duration total = scripts.stream().map(HookScript::timeout).reduce(Duration.ZERO, Duration::plus);
            if (total.compareTo(limit) > 0) {
                String key = "hooks." + event.wireName();
                SourcePosition at = spec.positionOf(key);
                problems.add(new AppSpecProblem(Severity.ERROR, fileName, at.line(), at.column(), key,
                        "the timeouts of its " + scripts.size() + " script(s) add up to " + total.toSeconds()
                                + " s, above the deployment group's limit of " + limit.toSeconds()
                                + " s per event; lower the timeouts (a script without one counts as 3600 s)"
                                + " or raise the group's limit"));
            }
        }
        return problems;
    }

    /**
     * Which AppSpec file a bundle uses, given the names of the files at its root: {@code appspec.yml},
     * else {@code appspec.yaml}. Names are case-sensitive, as in CodeDeploy.
     */
    public static Optional<String> findAppSpecFile(Set<String> rootFileNames) {
        return FILE_NAMES.stream().filter(rootFileNames::contains).findFirst();
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
