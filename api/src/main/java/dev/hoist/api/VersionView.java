package dev.hoist.api;

/**
 * {@code GET /api/v1/version}: the controller's version, the API's, and who is asking, so that a client
 * can check its token and its compatibility in one call ({@code hoist login}, {@code hoist version}).
 *
 * @param version the controller's release, e.g. {@code 0.1.0} ({@code dev} outside a packaged jar)
 * @param api the REST API's version, {@code v1}
 * @param tokenName the name of the API token the request presented
 * @param role that token's role: {@code viewer}, {@code deployer} or {@code admin}
 */
public record VersionView(String version, String api, String tokenName, String role) {
}
