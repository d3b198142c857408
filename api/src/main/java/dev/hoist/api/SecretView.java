package dev.hoist.api;

import java.time.Instant;

/**
 * A secret variable of a deployment group as the API shows it: its name and when it was last set, never
 * its value.
 */
public record SecretView(String name, String application, String group, Instant updatedAt) {
}
