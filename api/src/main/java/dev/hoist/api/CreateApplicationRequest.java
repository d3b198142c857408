package dev.hoist.api;

/** Body of {@code POST /api/v1/applications}. */
public record CreateApplicationRequest(String name) {
}
