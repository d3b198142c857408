package dev.hoist.api;

import java.time.Instant;

/** An application as the API shows it. */
public record ApplicationView(String name, Instant createdAt, String createdBy) {
}
