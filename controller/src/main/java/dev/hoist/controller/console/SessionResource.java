package dev.hoist.controller.console;

import dev.hoist.api.ApiError;
import dev.hoist.api.CreateSessionRequest;
import dev.hoist.api.SessionView;
import dev.hoist.controller.audit.Audited;
import dev.hoist.controller.core.ApiToken;
import dev.hoist.controller.core.ApiTokenStore;
import dev.hoist.controller.core.AuditEvent;
import dev.hoist.controller.core.AuditLog;
import dev.hoist.controller.core.Refusal;
import dev.hoist.controller.core.Secrets;
import jakarta.annotation.security.RolesAllowed;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /api/v1/session}: the console's sign-in. The browser sends an API token once, in a JSON body
 * (never a URL, so never a request log), and gets a session cookie: HttpOnly (no script reads it),
 * SameSite=Strict, Secure when the request came over TLS, with the session's lifetime. The token itself
 * is neither kept by the browser nor stored here.
 */
@Path("/api/v1/session")
@Produces(MediaType.APPLICATION_JSON)
public final class SessionResource {
    private static final Logger LOG = LoggerFactory.getLogger(SessionResource.class);
    private static final CacheControl NO_STORE = CacheControl.valueOf("no-store");

    private final ConsoleSessions sessions;
    private final ApiTokenStore tokens;
    private final AuditLog audit;
    private final Clock clock;

    public SessionResource(ConsoleSessions sessions, ApiTokenStore tokens, AuditLog audit, Clock clock) {
        this.sessions = sessions;
        this.tokens = tokens;
        this.audit = audit;
        this.clock = clock;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response signIn(CreateSessionRequest body, @Context HttpServletRequest servlet) {
        if (body == null || body.token() == null || body.token().isBlank()) {
            throw Refusal.invalid("INVALID_BODY", "send {\"token\": \"<API token>\"}; the first admin token is in "
                    + "<data dir>/admin.token, more come from 'hoist api-token create'", Map.of());
        }
        String secret = body.token().trim();
        Optional<ApiToken> token = secret.length() > 256 ? Optional.empty()
                : tokens.findBySecretHash(Secrets.hash(secret));
        if (token.isEmpty()) {
            return Response.status(Response.Status.UNAUTHORIZED).type(MediaType.APPLICATION_JSON_TYPE)
                    .cacheControl(NO_STORE)
                    .entity(new ApiError("UNAUTHENTICATED", "no API token has this secret; paste the whole token "
                            + "(it starts with hoist_api_), or ask an admin for one", Map.of()))
                    .build();
        }
        ConsoleSessions.Opened opened = sessions.open(token.get());
        String from = servlet == null ? null : servlet.getRemoteAddr();
        try {
            audit.record(new AuditEvent(0, clock.instant(), token.get().name(), "session.create", token.get().name(),
                    from, "OK"));
        } catch (RuntimeException e) {
            LOG.error("Could not write the audit event of a console sign-in by {}", token.get().name(), e);
        }
        boolean secure = servlet != null && servlet.isSecure();
        return Response.status(Response.Status.CREATED)
                .header(HttpHeaders.SET_COOKIE, cookie(opened.cookieValue(), sessions.lifetime().toSeconds(), secure))
                .cacheControl(NO_STORE)
                .entity(view(token.get(), opened.session()))
                .build();
    }

    @GET
    @RolesAllowed("viewer")
    public Response current(@CookieParam(SessionCookieAuthFilter.COOKIE) String cookie) {
        ConsoleSessions.Session session = sessions.find(cookie).orElseThrow(SessionResource::noSession);
        ApiToken token = tokens.findBySecretHash(session.tokenSecretHash()).orElseThrow(SessionResource::noSession);
        return Response.ok(view(token, session)).cacheControl(NO_STORE).build();
    }

    @DELETE
    @RolesAllowed("viewer")
    @Audited("session.delete")
    public Response signOut(@CookieParam(SessionCookieAuthFilter.COOKIE) String cookie,
            @Context HttpServletRequest servlet) {
        sessions.close(cookie);
        boolean secure = servlet != null && servlet.isSecure();
        return Response.noContent().header(HttpHeaders.SET_COOKIE, cookie("", 0, secure)).build();
    }

    private static Refusal noSession() {
        return Refusal.notFound("NO_SESSION", "this call was not made with a console session cookie; "
                + "sign in with POST /api/v1/session", Map.of());
    }

    private static SessionView view(ApiToken token, ConsoleSessions.Session session) {
        return new SessionView(token.name(), token.role().wireName(), session.csrfToken(), session.expiresAt());
    }

    static String cookie(String value, long maxAgeSeconds, boolean secure) {
        return SessionCookieAuthFilter.COOKIE + "=" + value + "; Path=/; Max-Age=" + maxAgeSeconds
                + "; HttpOnly; SameSite=Strict" + (secure ? "; Secure" : "");
    }
}
