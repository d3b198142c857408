package dev.hoist.controller.install;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The agent installer, {@code install/agent.sh} on the class path, filled in with what the server that
 * runs it needs from this controller: the gateway to enroll with, where to download the distribution,
 * and the SHA-256 the download must have.
 */
public final class InstallerScript {
    private static final String RESOURCE = "install/agent.sh";
    /** The agent's systemd unit, also shipped by the hoist-agent package (scripts/make-debs). */
    static final String UNIT = "install/hoist-agent.service";
    /** What may stand between the script's single quotes: host names, addresses, URLs, hex. */
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9.:/\\[\\]_%+-]*");

    private final String template;

    public InstallerScript() {
        template = resource(RESOURCE).replace("@@UNIT@@", resource(UNIT).strip());
    }

    private static String resource(String name) {
        try (InputStream in = InstallerScript.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is missing from the controller's jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + name, e);
        }
    }

    /**
     * The script for servers that reach this controller at {@code installBase} ({@code SCHEME://HOST:PORT/install/}).
     * Without a distribution the script still runs, and says what the controller lacks.
     *
     * @throws IllegalArgumentException when a value holds characters a shell would interpret
     */
    public String render(String gatewayAddress, String installBase, Optional<AgentDistribution.Snapshot> distribution) {
        String url = distribution.map(d -> installBase + d.fileName()).orElse("");
        return template
                .replace("@@CONTROLLER@@", safe("the gateway address", gatewayAddress))
                .replace("@@DIST_URL@@", safe("the distribution's URL", url))
                .replace("@@DIST_SHA256@@", distribution.map(AgentDistribution.Snapshot::sha256).orElse(""))
                .replace("@@DIST_ARCH@@", safe("the architecture",
                        distribution.map(AgentDistribution.Snapshot::architecture).orElse("x86_64")));
    }

    static String safe(String what, String value) {
        if (!SAFE.matcher(value).matches()) {
            throw new IllegalArgumentException(what + " '" + value + "' holds characters that cannot go into the "
                    + "installer script");
        }
        return value;
    }
}
