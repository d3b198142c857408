package dev.hoist.controller.core;

import java.time.Instant;
import java.util.Map;
import java.util.Set;

/**
 * A join token as stored: the secret itself is never kept, only {@link Secrets#hash its hash}.
 *
 * @param id public identifier (safe to list and log), e.g. {@code jt-...}
 * @param tags what every host enrolled with it is tagged with; a host cannot change them
 * @param allowedTagKeys keys under which a host may add tags of its own when it enrolls
 */
public record JoinToken(
        String id,
        String secretHash,
        Map<String, String> tags,
        Set<String> allowedTagKeys,
        Instant createdAt,
        Instant expiresAt,
        int usesLeft,
        String createdBy) {

    public JoinToken {
        tags = Map.copyOf(tags);
        allowedTagKeys = Set.copyOf(allowedTagKeys);
    }

    /** A token that lets hosts add no tags of their own. */
    public JoinToken(String id, String secretHash, Map<String, String> tags, Instant createdAt, Instant expiresAt,
            int usesLeft, String createdBy) {
        this(id, secretHash, tags, Set.of(), createdAt, expiresAt, usesLeft, createdBy);
    }

    /**
     * What is wrong with the tags a host asks for, or {@code null}: the token's tags win (a host may
     * repeat one, not change it), and a host may add tags only under the keys the token allows.
     */
    public String tagProblem(Map<String, String> requested) {
        for (Map.Entry<String, String> tag : requested.entrySet()) {
            String fixed = tags.get(tag.getKey());
            if (fixed != null && !fixed.equals(tag.getValue())) {
                return "join token " + id + " tags every host it enrolls " + tag.getKey() + "=" + fixed
                        + "; this host asked for " + tag.getKey() + "=" + tag.getValue() + ". Drop the --tag, or "
                        + "enroll with a token made for " + tag.getKey() + "=" + tag.getValue();
            }
            if (fixed == null && !allowedTagKeys.contains(tag.getKey())) {
                return "join token " + id + " does not let hosts choose a '" + tag.getKey() + "' tag (it allows "
                        + (allowedTagKeys.isEmpty() ? "none" : "only " + String.join(", ", new java.util.TreeSet<>(
                        allowedTagKeys))) + "). Drop the --tag, or create a token with --tag " + tag.getKey()
                        + "=VALUE or --allow-tag-key " + tag.getKey();
            }
        }
        return null;
    }
}
