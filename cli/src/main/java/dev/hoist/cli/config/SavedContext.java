package dev.hoist.cli.config;

/**
 * One controller saved by {@code hoist login}.
 *
 * @param name what {@code hoist context use} calls it (by default the URL's host and port)
 * @param url the controller's API URL
 * @param token the API token checked at login
 * @param caPem the CA certificate the API's TLS chain must end in (PEM), or {@code null} for plain HTTP
 */
public record SavedContext(String name, String url, String token, String caPem) {
}
