package dev.hoist.controller.install;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code install:}: what the controller serves to install agents ({@code /install/agent.sh} and the
 * agent distribution), and the address servers use to fetch it. Both keys are optional.
 */
public class InstallFactory {
    /** The agent distribution tarball; by default found beside the controller's jar (docs/install.md). */
    @JsonProperty
    private String agentDistribution;

    /**
     * The API's URL as servers reach it, e.g. {@code https://hoist.example.com:8080}, for the install
     * command that join tokens print. Default: the advertised host with the API's scheme and port.
     */
    @JsonProperty
    private URI publicUrl;

    public URI getPublicUrl() {
        return publicUrl;
    }

    /** Builds the distribution, looking beside {@code controllerCode} (the jar, or the classes directory). */
    public AgentDistribution buildDistribution(Path controllerCode) {
        if (agentDistribution != null && !agentDistribution.isBlank()) {
            return new AgentDistribution(List.of(Path.of(agentDistribution).toAbsolutePath().normalize()));
        }
        Path dir = controllerCode.toAbsolutePath().normalize().getParent();
        String name = AgentDistribution.defaultFileName();
        // A package puts it beside the jar; in a source checkout after `mvn package` it is in agent/target
        // (from controller/target/hoist-controller.jar, or controller/target/classes in tests).
        return new AgentDistribution(List.of(dir.resolve(name), dir.resolve("../../agent/target").resolve(name).normalize()));
    }
}
