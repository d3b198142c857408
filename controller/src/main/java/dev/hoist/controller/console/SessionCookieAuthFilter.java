package dev.hoist.controller.console;

import dev.hoist.api.ApiError;
import dev.hoist.controller.auth.ApiPrincipal;
import io.dropwizard.auth.AuthFilter;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Authenticates a request by the console's session cookie: the session names the API token it was
 * opened with, and the request runs with that token's name and role exactly as a bearer call would.
 * A mutating call (anything but GET, HEAD and OPTIONS) must also carry the session's CSRF token in
 * {@value #CSRF_HEADER}: a page of another site can make the browser send the cookie (SameSite=Strict
 * already stops that in current browsers), but it cannot read the token to send it back, so the
 * header proves the call comes from the console itself. A call without a session cookie is refused
 * here with the usual 401, so that the bearer filter after it in the chain gets its turn.
 */
@Priority(Priorities.AUTHENTICATION)
public final class SessionCookieAuthFilter extends AuthFilter<String, ApiPrincipal> {
    public static final String COOKIE = "hoist_session";
    public static final String CSRF_HEADER = "X-Hoist-CSRF";
    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");

    private final ConsoleSessions sessions;

    private SessionCookieAuthFilter(ConsoleSessions sessions) {
        this.sessions = sessions;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        Cookie cookie = request.getCookies().get(COOKIE);
        Optional<ConsoleSessions.Session> session = sessions.find(cookie == null ? null : cookie.getValue());
        if (session.isEmpty()) {
            throw unauthorizedHandler.buildException(prefix, realm);
        }
        if (!SAFE_METHODS.contains(request.getMethod()) && !csrfMatches(session.get(), request)) {
            throw new WebApplicationException(Response.status(Response.Status.FORBIDDEN)
                    .type(MediaType.APPLICATION_JSON_TYPE)
                    .entity(new ApiError("CSRF_TOKEN_INVALID", "a change made with the console's session cookie "
                            + "needs the session's CSRF token in the " + CSRF_HEADER + " header (GET "
                            + "/api/v1/session shows it); scripts should send 'Authorization: Bearer <token>' instead",
                            Map.of("header", CSRF_HEADER)))
                    .build());
        }
        if (!authenticate(request, session.get().tokenSecretHash(), "SESSION")) {
            // The token the session was opened with has been deleted: the session is worth nothing now.
            sessions.close(cookie.getValue());
            throw unauthorizedHandler.buildException(prefix, realm);
        }
    }

    private static boolean csrfMatches(ConsoleSessions.Session session, ContainerRequestContext request) {
        String sent = request.getHeaderString(CSRF_HEADER);
        return sent != null && MessageDigest.isEqual(sent.getBytes(StandardCharsets.UTF_8),
                session.csrfToken().getBytes(StandardCharsets.UTF_8));
    }

    /** Builds the filter; give it an authenticator that finds a token by its secret's hash. */
    public static final class Builder extends AuthFilterBuilder<String, ApiPrincipal, SessionCookieAuthFilter> {
        private final ConsoleSessions sessions;

        public Builder(ConsoleSessions sessions) {
            this.sessions = sessions;
        }

        @Override
        protected SessionCookieAuthFilter newInstance() {
            return new SessionCookieAuthFilter(sessions);
        }
    }
}
