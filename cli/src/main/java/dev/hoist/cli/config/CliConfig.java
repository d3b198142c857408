package dev.hoist.cli.config;

import java.util.ArrayList;
import java.util.List;

/**
 * What {@code ~/.config/hoist/config.yml} holds: the saved controllers and which one is current.
 *
 * @param current the current context's name, or {@code null}
 */
public record CliConfig(String current, List<SavedContext> contexts) {
    public static final CliConfig EMPTY = new CliConfig(null, List.of());

    public CliConfig {
        contexts = List.copyOf(contexts);
    }

    /** The context named {@code name}, or {@code null}. */
    public SavedContext find(String name) {
        for (SavedContext context : contexts) {
            if (context.name().equals(name)) {
                return context;
            }
        }
        return null;
    }

    /** The current context, or {@code null} when none is set. */
    public SavedContext currentContext() {
        return current == null ? null : find(current);
    }

    /** This configuration with {@code context} added, or replacing the one of the same name, and made current. */
    public CliConfig withCurrent(SavedContext context) {
        List<SavedContext> next = new ArrayList<>();
        boolean replaced = false;
        for (SavedContext existing : contexts) {
            if (existing.name().equals(context.name())) {
                next.add(context);
                replaced = true;
            } else {
                next.add(existing);
            }
        }
        if (!replaced) {
            next.add(context);
        }
        return new CliConfig(context.name(), next);
    }

    /** This configuration without the context named {@code name}; no context is current if it was. */
    public CliConfig without(String name) {
        List<SavedContext> next = new ArrayList<>(contexts);
        next.removeIf(context -> context.name().equals(name));
        return new CliConfig(name.equals(current) ? null : current, next);
    }
}
