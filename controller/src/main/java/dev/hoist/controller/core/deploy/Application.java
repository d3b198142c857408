package dev.hoist.controller.core.deploy;

import java.time.Instant;

/** An application: what revisions are pushed to and deployment groups deploy. Names are unique. */
public record Application(String name, Instant createdAt, String createdBy) {
}
