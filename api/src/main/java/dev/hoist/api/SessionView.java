package dev.hoist.api;

import java.time.Instant;

/**
 * A console session as {@code /api/v1/session} shows it to its own browser.
 *
 * @param name the API token's name: the "who" of the audit events of calls made in this session
 * @param role {@code viewer}, {@code deployer} or {@code admin}
 * @param csrfToken to send as {@code X-Hoist-CSRF} with every mutating call made with the session cookie
 * @param expiresAt when the session ends whatever happens; an idle session ends sooner
 */
public record SessionView(String name, String role, String csrfToken, Instant expiresAt) {
}
