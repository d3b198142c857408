package dev.hoist.agent.upgrade;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where an installed agent lives, as the installer and the Debian package lay it out (docs/install.md):
 * {@code <root>/releases/<name>} holds one distribution each, {@code <root>/current} is a symbolic link to
 * the one the service starts ({@code /opt/hoist-agent/current/bin/hoist-agent run}). An upgrade adds a
 * release beside the running one and flips {@code current} in one rename, so a crash at any point leaves
 * {@code current} naming a complete release: the old one or the new one.
 *
 * @param root e.g. {@code /opt/hoist-agent}
 * @param running the release this agent runs from
 */
public record InstallLayout(Path root, Path running) {

    /**
     * The layout around {@code home} (the distribution the running agent came from), or a reason why it is
     * not an installed one.
     */
    public static Result of(Optional<Path> home) {
        if (home.isEmpty()) {
            return new Result(null, "this agent does not run from an agent distribution (<home>/lib/hoist-agent.jar "
                    + "with <home>/VERSION): it was started from a jar or from classes, so it has no release to "
                    + "replace. Install it with the line `hoist token create` prints (docs/install.md), then "
                    + "upgrade it with hoist agent upgrade");
        }
        Path real;
        try {
            real = home.get().toRealPath();
        } catch (IOException e) {
            return new Result(null, "cannot resolve the agent's own directory " + home.get() + ": " + e.getMessage());
        }
        Path releases = real.getParent();
        if (releases == null || !releases.getFileName().toString().equals("releases")) {
            return new Result(null, "this agent runs from " + real + ", not from <root>/releases/<name> with a "
                    + "<root>/current link (the installer's layout, docs/install.md): reinstall it with the install "
                    + "line, then upgrade it with hoist agent upgrade");
        }
        Path root = releases.getParent();
        if (!Files.isSymbolicLink(root.resolve("current"))) {
            return new Result(null, root.resolve("current") + " is not a symbolic link to a release: reinstall the "
                    + "agent with the install line (docs/install.md), then upgrade it with hoist agent upgrade");
        }
        return new Result(new InstallLayout(root, real), null);
    }

    public Path releases() {
        return root.resolve("releases");
    }

    public Path current() {
        return root.resolve("current");
    }

    /** The release {@code current} points at now. */
    public Path currentRelease() throws IOException {
        return current().toRealPath();
    }

    /** Either a layout or why there is none. */
    public record Result(InstallLayout layout, String problem) {
    }
}
