package dev.hoist.protocol.appspec;

import java.util.List;
import java.util.Map;

/**
 * A parsed and validated AppSpec file ({@code version: 0.0}). Built only by {@link AppSpecParser}.
 *
 * @param os always {@code linux} for a spec this agent accepts
 * @param fileExistsBehavior the file's own setting, or {@code null} when it names none
 * @param hooks scripts per event, in file order; an event listed with nothing to run maps to an empty list
 */
public record AppSpec(
        String os,
        FileExistsBehavior fileExistsBehavior,
        List<FileMapping> files,
        List<PermissionRule> permissions,
        Map<LifecycleEvent, List<HookScript>> hooks) {

    public AppSpec {
        files = List.copyOf(files);
        permissions = List.copyOf(permissions);
        hooks = Map.copyOf(hooks);
    }

    /** The scripts for {@code event}, or an empty list. */
    public List<HookScript> scriptsFor(LifecycleEvent event) {
        return hooks.getOrDefault(event, List.of());
    }
}
