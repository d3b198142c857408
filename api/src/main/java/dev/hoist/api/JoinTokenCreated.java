package dev.hoist.api;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Answer to creating a join token: the only time its secret ({@code token}) is shown.
 *
 * @param caPin what the agent pins the controller's CA to
 * @param enrollCommand the exact command that enrolls a host where the agent is already installed
 * @param installCommand the one line that installs, enrolls and starts the agent on a new server
 *     ({@code curl ... /install/agent.sh | sudo sh -s -- ...}, docs/install.md)
 */
public record JoinTokenCreated(
        String id,
        String token,
        String caPin,
        Instant expiresAt,
        int usesLeft,
        Map<String, String> tags,
        List<String> allowedTagKeys,
        String enrollCommand,
        String installCommand) {
}
