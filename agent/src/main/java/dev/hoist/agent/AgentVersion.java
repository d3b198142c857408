package dev.hoist.agent;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine;

/**
 * The agent's version. Run from an installed distribution ({@code <home>/lib/hoist-agent.jar} with
 * {@code <home>/VERSION} beside it, as agent/src/dist/make-dist lays it out), the distribution's
 * {@code VERSION} file says it: that is the version {@code hoist agent upgrade} installs and waits for, so a
 * distribution and the agent it runs can never disagree. Otherwise the jar manifest's, or {@code dev} when
 * run from classes.
 */
public final class AgentVersion implements CommandLine.IVersionProvider {
    private static final String VERSION = distributionVersion().orElseGet(AgentVersion::manifestVersion);

    public static String current() {
        return VERSION;
    }

    @Override
    public String[] getVersion() {
        return new String[] {"hoist-agent " + current()};
    }

    /** The home of the distribution this code runs from, when it runs from one. */
    public static Optional<Path> distributionHome() {
        try {
            Path code = Path.of(AgentVersion.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (!Files.isRegularFile(code) || code.getParent() == null
                    || !code.getParent().getFileName().toString().equals("lib")) {
                return Optional.empty();
            }
            Path home = code.getParent().getParent();
            return Files.isRegularFile(home.resolve("VERSION")) ? Optional.of(home) : Optional.empty();
        } catch (URISyntaxException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static Optional<String> distributionVersion() {
        return distributionHome().flatMap(home -> {
            try {
                String text = Files.readString(home.resolve("VERSION")).trim();
                return text.isEmpty() ? Optional.empty() : Optional.of(text);
            } catch (IOException e) {
                return Optional.empty();
            }
        });
    }

    private static String manifestVersion() {
        String version = AgentVersion.class.getPackage().getImplementationVersion();
        return version == null ? "dev" : version;
    }
}
