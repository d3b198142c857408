package dev.hoist.protocol.appspec;

import dev.hoist.protocol.appspec.AppSpecProblem.Severity;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Checks that what an AppSpec names is in the bundle, so that a missing script or source fails at push
 * time rather than at Install on every host. Near misses (wrong case, a typo in the last segment)
 * get a suggestion.
 */
final class BundleContentsCheck {

    private final String fileName;
    private final AppSpec spec;
    private final Set<String> files = new HashSet<>();
    private final Set<String> directories = new HashSet<>();
    private final Map<String, String> byLowerCase = new HashMap<>();
    private final Map<String, List<String>> childrenByParent = new HashMap<>();

    BundleContentsCheck(String fileName, AppSpec spec, Set<String> bundlePaths) {
        this.fileName = fileName;
        this.spec = spec;
        for (String written : bundlePaths) {
            boolean markedDirectory = written.endsWith("/");
            Checked normalised = AppSpecPaths.insideBundle(written);
            if (!normalised.ok() || normalised.value().isEmpty()) {
                continue;
            }
            String path = normalised.value();
            (markedDirectory ? directories : files).add(path);
            for (int slash = path.indexOf('/'); slash >= 0; slash = path.indexOf('/', slash + 1)) {
                directories.add(path.substring(0, slash));
            }
        }
        files.removeAll(directories);
        for (String path : allPaths()) {
            byLowerCase.putIfAbsent(path.toLowerCase(Locale.ROOT), path);
            childrenByParent.computeIfAbsent(parentOf(path), parent -> new ArrayList<>()).add(path);
        }
    }

    List<AppSpecProblem> problems() {
        List<AppSpecProblem> problems = new ArrayList<>();
        for (int i = 0; i < spec.files().size(); i++) {
            String source = spec.files().get(i).source();
            String key = "files[" + i + "].source";
            if (!source.isEmpty() && !files.contains(source) && !directories.contains(source)) {
                problems.add(problem(key, "'" + source + "' is not in the bundle" + suggestion(source)
                        + "; sources are relative to the bundle root, and 'source: /' copies the whole bundle"));
            }
        }
        for (LifecycleEvent event : LifecycleEvent.values()) {
            List<HookScript> scripts = spec.scriptsFor(event);
            for (int i = 0; i < scripts.size(); i++) {
                String location = scripts.get(i).location();
                String key = "hooks." + event.wireName() + "[" + i + "].location";
                if (directories.contains(location)) {
                    problems.add(problem(key, "'" + location + "' is a directory of the bundle, not a script;"
                            + " name the script file, e.g. '" + location + "/start.sh'"));
                } else if (!files.contains(location)) {
                    problems.add(problem(key, "script '" + location + "' is not in the bundle" + suggestion(location)
                            + "; locations are relative to the bundle root"));
                }
            }
        }
        return problems;
    }

    private String suggestion(String missing) {
        String sameButCase = byLowerCase.get(missing.toLowerCase(Locale.ROOT));
        if (sameButCase != null) {
            return " (names are case-sensitive; the bundle has '" + sameButCase + "')";
        }
        String parent = parentOf(missing);
        List<String> siblings = childrenByParent.getOrDefault(parent, List.of());
        Map<String, String> byName = new HashMap<>();
        for (String sibling : siblings) {
            byName.putIfAbsent(sibling.substring(parent.isEmpty() ? 0 : parent.length() + 1), sibling);
        }
        Optional<String> near = NearestName.among(missing.substring(parent.isEmpty() ? 0 : parent.length() + 1),
                byName.keySet());
        return near.map(name -> "; did you mean '" + byName.get(name) + "'?").orElse("");
    }

    private AppSpecProblem problem(String key, String message) {
        SourcePosition at = spec.positionOf(key);
        return new AppSpecProblem(Severity.ERROR, fileName, at.line(), at.column(), key, message);
    }

    private Set<String> allPaths() {
        Set<String> all = new HashSet<>(files);
        all.addAll(directories);
        return all;
    }

    private static String parentOf(String path) {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? "" : path.substring(0, slash);
    }
}
