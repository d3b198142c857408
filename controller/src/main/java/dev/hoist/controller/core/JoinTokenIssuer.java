package dev.hoist.controller.core;

import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.time.Duration;
import java.time.Instant;
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
        Map<String, String> checkedTags = Tags.validate(tags);
        Duration lifetime = ttl == null ? DEFAULT_TTL : TimeToLive.parse(ttl, MIN_TTL, MAX_TTL);
        int allowedUses = uses == null ? 1 : uses;
        if (allowedUses < 1 || allowedUses > MAX_USES) {
            throw Refusal.invalid("INVALID_USES", "uses must be between 1 and " + MAX_USES + ", got " + allowedUses,
                    Map.of("uses", allowedUses, "min", 1, "max", MAX_USES));
        }
        String secret = Secrets.newSecret("hoist_join_");
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        JoinToken token = new JoinToken(Secrets.newId("jt-"), Secrets.hash(secret), checkedTags, now,
                now.plus(lifetime), allowedUses, createdBy);
        store.insert(token);
        return new Issued(token, secret);
    }
}
