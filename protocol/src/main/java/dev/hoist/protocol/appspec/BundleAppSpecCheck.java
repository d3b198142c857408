package dev.hoist.protocol.appspec;

import dev.hoist.protocol.appspec.AppSpecProblem.Severity;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Validates a whole bundle before any host sees it, from its listing and the text of its AppSpec file:
 * finds the AppSpec file as an agent does (at the root, or in the only top-level directory), parses it
 * (which refuses any {@code os} but linux), and checks that every source and script it names is in the bundle. Pure,
 * so that {@code hoist push} and the controller refuse the same bundles with the same messages.
 */
public final class BundleAppSpecCheck {
    private final AppSpecParser parser = new AppSpecParser();

    /**
     * Whether the check needs the bytes of {@code path}: an AppSpec file name at the root or one
     * directory down. Callers that stream an archive keep exactly these entries.
     */
    public static boolean isAppSpecCandidate(String path) {
        int slash = path.indexOf('/');
        String name = slash < 0 ? path : path.substring(slash + 1);
        return AppSpecParser.FILE_NAMES.contains(name);
    }

    /**
     * @param paths every entry of the bundle relative to its root, with {@code /} separators, no leading
     *     slash, directories with a trailing slash
     * @param candidates the bytes of the regular files among {@code paths} for which
     *     {@link #isAppSpecCandidate} holds
     */
    public Result check(Set<String> paths, Map<String, byte[]> candidates) {
        Set<String> topLevel = new TreeSet<>();
        Set<String> topLevelFiles = new TreeSet<>();
        for (String path : paths) {
            int slash = path.indexOf('/');
            if (slash < 0) {
                topLevelFiles.add(path);
                topLevel.add(path);
            } else {
                topLevel.add(path.substring(0, slash + 1));
            }
        }
        String prefix = "";
        Optional<String> name = AppSpecParser.findAppSpecFile(topLevelFiles);
        if (name.isEmpty() && topLevel.size() == 1 && topLevel.iterator().next().endsWith("/")) {
            String only = topLevel.iterator().next();
            Set<String> inside = new TreeSet<>();
            for (String path : paths) {
                if (path.startsWith(only) && path.indexOf('/', only.length()) < 0) {
                    inside.add(path.substring(only.length()));
                }
            }
            name = AppSpecParser.findAppSpecFile(inside);
            prefix = name.isPresent() ? only : "";
        }
        if (name.isEmpty()) {
            return refused(null, bundleProblem(AppSpecParser.FILE_NAMES.get(0), "the revision has no "
                    + String.join(" or ", AppSpecParser.FILE_NAMES) + " at its root (found: " + found(topLevel)
                    + "); the AppSpec file must be at the top of the bundle, or in its only top-level directory"));
        }
        String fileName = name.get();
        String appSpecPath = prefix + fileName;
        byte[] bytes = candidates.get(appSpecPath);
        if (bytes == null) {
            return refused(appSpecPath, bundleProblem(fileName, "the AppSpec file is not a regular file of the bundle (a link?); "
                    + "the AppSpec file must be a plain file"));
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return refused(appSpecPath, bundleProblem(fileName, "the file is not valid UTF-8 text"));
        }
        AppSpecParser.Result parsed = parser.parse(fileName, text);
        if (!parsed.ok()) {
            return new Result(appSpecPath, null, parsed.errors(), parsed.warnings());
        }
        AppSpec spec = parsed.spec();
        List<AppSpecProblem> errors = new ArrayList<>();
        Set<String> revisionPaths = new TreeSet<>();
        for (String path : paths) {
            if (path.startsWith(prefix) && path.length() > prefix.length()) {
                revisionPaths.add(path.substring(prefix.length()));
            }
        }
        List<AppSpecProblem> warnings = new ArrayList<>(parsed.warnings());
        for (AppSpecProblem problem : parser.checkAgainstBundle(fileName, spec, revisionPaths)) {
            (problem.severity() == Severity.ERROR ? errors : warnings).add(problem);
        }
        return new Result(appSpecPath, errors.isEmpty() ? spec : null, errors, warnings);
    }

    private static Result refused(String appSpecPath, AppSpecProblem problem) {
        return new Result(appSpecPath, null, List.of(problem), List.of());
    }

    private static AppSpecProblem bundleProblem(String file, String message) {
        return new AppSpecProblem(Severity.ERROR, file, 0, 0, "", message);
    }

    private static String found(Set<String> topLevel) {
        if (topLevel.isEmpty()) {
            return "nothing";
        }
        List<String> first = topLevel.stream().limit(20).toList();
        return String.join(", ", first) + (topLevel.size() > first.size() ? ", ..." : "");
    }

    /**
     * @param appSpecFile the AppSpec file's path inside the bundle (e.g. {@code app/appspec.yml}), or
     *     {@code null} when there is none
     * @param spec the parsed AppSpec, {@code null} when there are errors
     */
    public record Result(String appSpecFile, AppSpec spec, List<AppSpecProblem> errors,
            List<AppSpecProblem> warnings) {
        public Result {
            errors = List.copyOf(errors);
            warnings = List.copyOf(warnings);
        }

        public boolean ok() {
            return errors.isEmpty();
        }
    }
}
