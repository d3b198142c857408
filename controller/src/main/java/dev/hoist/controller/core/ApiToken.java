package dev.hoist.controller.core;

import java.time.Instant;

/**
 * An API bearer token as stored: only {@link Secrets#hash the hash} of its secret is kept.
 *
 * @param name who the token belongs to; it is the "who" of audit events
 */
public record ApiToken(String id, String name, Role role, String secretHash, Instant createdAt) {
}
