package dev.hoist.controller.core;

import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.Map;

/** Issues join tokens: checks the request, stores the token's hash, and hands the secret out once. */
public final class JoinTokenIssuer {
    public static final Duration DEFAULT_TTL = Duration.ofHours(1);
    public static final Duration MIN_TTL = Duration.ofMinutes(1);
    public static final Duration MAX_TTL = Duration.ofDays(30);
    public static final int MAX_USES = 10_000;

    private final JoinTokenStore store;
    private final Clock clock;

    public JoinTokenIssuer(JoinTokenStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** A freshly issued token and its secret, which exists nowhere else. */
    public record Issued(JoinToken token, String secret) {
    }

    /**
     * @param ttl e.g. {@code "1h"}; {@code null} for the default of one hour
     * @param uses how many agents may enroll with it; {@code null} for one
     * @throws Refusal {@code INVALID_TTL}, {@code INVALID_USES} or {@code INVALID_TAG}
     */
    public Issued issue(Map<String, String> tags, String ttl, Integer uses, String createdBy) {
        return issue(tags, null, ttl, uses, createdBy);
    }

    /**
     * @param allowTagKeys keys under which enrolling hosts may add tags of their own; {@code null} for none
     * @throws Refusal also {@code INVALID_TAG_KEY} for an allowed key that is not a tag key, or that the
     *     token's own tags already fix
     */
    public Issued issue(Map<String, String> tags, List<String> allowTagKeys, String ttl, Integer uses,
            String createdBy) {
        Map<String, String> checkedTags = Tags.validate(tags);
        Set<String> allowed = new TreeSet<>();
        for (String key : allowTagKeys == null ? List.<String>of() : allowTagKeys) {
            if (!Tags.isValidKey(key)) {
                throw Refusal.invalid("INVALID_TAG_KEY", "allowed tag key '" + key + "' is not a tag key: use 1 to "
                        + "128 letters, digits and _ . : / -, starting with a letter or digit", Map.of("key",
                        String.valueOf(key)));
            }
            if (checkedTags.containsKey(key)) {
                throw Refusal.invalid("INVALID_TAG_KEY", "tag key '" + key + "' is fixed by the token's own tag "
                        + key + "=" + checkedTags.get(key) + "; a host cannot choose it, so it cannot be allowed too",
                        Map.of("key", key));
            }
            allowed.add(key);
        }
        if (allowed.size() > Tags.MAX_TAGS) {
            throw Refusal.invalid("INVALID_TAG_KEY", "at most " + Tags.MAX_TAGS + " tag keys may be allowed, got "
                    + allowed.size(), Map.of("count", allowed.size(), "max", Tags.MAX_TAGS));
        }
        Duration lifetime = ttl == null ? DEFAULT_TTL : TimeToLive.parse(ttl, MIN_TTL, MAX_TTL);
        int allowedUses = uses == null ? 1 : uses;
        if (allowedUses < 1 || allowedUses > MAX_USES) {
            throw Refusal.invalid("INVALID_USES", "uses must be between 1 and " + MAX_USES + ", got " + allowedUses,
                    Map.of("uses", allowedUses, "min", 1, "max", MAX_USES));
        }
        String secret = Secrets.newSecret("hoist_join_");
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        JoinToken token = new JoinToken(Secrets.newId("jt-"), Secrets.hash(secret), checkedTags, allowed, now,
                now.plus(lifetime), allowedUses, createdBy);
        store.insert(token);
        return new Issued(token, secret);
    }
}
