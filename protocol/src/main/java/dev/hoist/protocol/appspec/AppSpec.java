package dev.hoist.protocol.appspec;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A parsed and validated AppSpec file ({@code version: 0.0}). Built only by {@link AppSpecParser}.
 *
 * @param os always {@code linux} for a spec this agent accepts
 * @param fileExistsBehavior the file's own setting, or {@code null} when it names none
 * @param hooks scripts per event, in file order; an event listed with nothing to run maps to an empty list
 * @param positions where each value was written, by key path ({@code files[0].source},
 *     {@code hooks.BeforeInstall[0].location}, {@code hooks.BeforeInstall}); empty for a spec built in code
 */
public record AppSpec(
        String os,
        FileExistsBehavior fileExistsBehavior,
        List<FileMapping> files,
        List<PermissionRule> permissions,
        Map<LifecycleEvent, List<HookScript>> hooks,
        Map<String, SourcePosition> positions) {

    public AppSpec {
        files = List.copyOf(files);
        permissions = List.copyOf(permissions);
        hooks = Map.copyOf(hooks);
        positions = Map.copyOf(positions);
    }

    /** A spec without source positions, as tests and tools build it. */
    public AppSpec(String os, FileExistsBehavior fileExistsBehavior, List<FileMapping> files,
            List<PermissionRule> permissions, Map<LifecycleEvent, List<HookScript>> hooks) {
        this(os, fileExistsBehavior, files, permissions, hooks, Map.of());
    }

    /** Where the value at {@code keyPath} was written, or {@link SourcePosition#UNKNOWN}. */
    public SourcePosition positionOf(String keyPath) {
        return positions.getOrDefault(Objects.requireNonNull(keyPath), SourcePosition.UNKNOWN);
    }

    /** The scripts for {@code event}, or an empty list. */
    public List<HookScript> scriptsFor(LifecycleEvent event) {
        return hooks.getOrDefault(event, List.of());
    }
}
