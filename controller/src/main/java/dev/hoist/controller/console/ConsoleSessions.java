package dev.hoist.controller.console;

import dev.hoist.controller.core.ApiToken;
import dev.hoist.controller.core.Secrets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The console's signed-in browsers. A session is known by a random id (the cookie's value, kept here
 * only as its hash) and remembers the hash of the API token it was opened with, never the token: each
 * request looks the token up again, so deleting the token ends its sessions at once. A session ends at
 * its lifetime, after an idle period, or at sign-out. Sessions live in memory: a restarted controller
 * asks everyone to sign in again, which costs a paste of the token and keeps no secret on disk.
 */
public final class ConsoleSessions {
    /** One browser's session. */
    public record Session(String idHash, String tokenSecretHash, String csrfToken, Instant expiresAt,
            Instant lastUsed) {
    }

    /** A new session and the cookie value that names it (shown to its browser only). */
    public record Opened(String cookieValue, Session session) {
    }

    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final Clock clock;
    private final Duration lifetime;
    private final Duration idleTimeout;
    private final int maxSessions;

    public ConsoleSessions(Clock clock, Duration lifetime, Duration idleTimeout, int maxSessions) {
        this.clock = clock;
        this.lifetime = lifetime;
        this.idleTimeout = idleTimeout;
        this.maxSessions = maxSessions;
    }

    public Duration lifetime() {
        return lifetime;
    }

    /**
     * Opens a session for a token the caller has just verified. Opens are serialised, so concurrent sign-ins
     * cannot take the table past {@code maxSessions}; finding and closing sessions take no lock.
     */
    public Opened open(ApiToken token) {
        String cookie = Secrets.newSecret("hs_");
        String csrf = Secrets.newSecret("");
        synchronized (sessions) {
            Instant now = clock.instant();
            if (sessions.size() >= maxSessions) {
                expire(now);
                if (sessions.size() >= maxSessions) {
                    dropOldest();
                }
            }
            Session session = new Session(Secrets.hash(cookie), token.secretHash(), csrf, now.plus(lifetime), now);
            sessions.put(session.idHash(), session);
            return new Opened(cookie, session);
        }
    }

    /** The live session a cookie names, marked used now; empty when unknown, expired or idle too long. */
    public Optional<Session> find(String cookieValue) {
        if (cookieValue == null || cookieValue.isBlank() || cookieValue.length() > 256) {
            return Optional.empty();
        }
        String idHash = Secrets.hash(cookieValue);
        Instant now = clock.instant();
        Session found = sessions.computeIfPresent(idHash, (key, session) -> alive(session, now)
                ? new Session(session.idHash(), session.tokenSecretHash(), session.csrfToken(), session.expiresAt(), now)
                : null);
        return Optional.ofNullable(found);
    }

    /** Ends the session a cookie names; nothing happens when there is none. */
    public void close(String cookieValue) {
        if (cookieValue != null && !cookieValue.isBlank()) {
            sessions.remove(Secrets.hash(cookieValue));
        }
    }

    int size() {
        return sessions.size();
    }

    private boolean alive(Session session, Instant now) {
        return now.isBefore(session.expiresAt()) && now.isBefore(session.lastUsed().plus(idleTimeout));
    }

    private void expire(Instant now) {
        sessions.values().removeIf(session -> !alive(session, now));
    }

    private void dropOldest() {
        sessions.values().stream().min(Comparator.comparing(Session::lastUsed))
                .ifPresent(oldest -> sessions.remove(oldest.idHash()));
    }
}
