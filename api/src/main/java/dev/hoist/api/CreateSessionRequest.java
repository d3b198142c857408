package dev.hoist.api;

/**
 * Body of {@code POST /api/v1/session}: signs in to the console with an API token, which is exchanged
 * for a session cookie and never kept by the browser.
 *
 * @param token an API token's secret
 */
public record CreateSessionRequest(String token) {
}
