package dev.hoist.api;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Answer to creating a join token: the only time its secret ({@code token}) is shown.
 *
 * @param caPin what the agent pins the controller's CA to
 * @param enrollCommand the exact command to run on the new host
 */
public record JoinTokenCreated(
        String id,
        String token,
        String caPin,
        Instant expiresAt,
        int usesLeft,
        Map<String, String> tags,
        List<String> allowedTagKeys,
        String enrollCommand) {
}
