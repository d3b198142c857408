package dev.hoist.api;

/**
 * Body of {@code POST /api/v1/api-tokens}.
 *
 * @param name who the token is for; shown as the "who" of audit events
 * @param role {@code viewer}, {@code deployer} or {@code admin}
 */
public record CreateApiTokenRequest(String name, String role) {
}
