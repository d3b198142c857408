package dev.hoist.api;

import java.util.List;
import java.util.Map;

/**
 * Body of {@code POST /api/v1/join-tokens}; every field is optional.
 *
 * @param tags given to every agent that enrolls with the token
 * @param ttl lifetime such as {@code 30m} or {@code 1h} (default 1h)
 * @param uses how many agents may enroll with it (default 1)
 * @param allowTagKeys keys under which an enrolling host may add tags of its own (default none: the
 *     token's tags are all the host gets)
 */
public record CreateJoinTokenRequest(Map<String, String> tags, String ttl, Integer uses, List<String> allowTagKeys) {

    public CreateJoinTokenRequest(Map<String, String> tags, String ttl, Integer uses) {
        this(tags, ttl, uses, null);
    }
}
