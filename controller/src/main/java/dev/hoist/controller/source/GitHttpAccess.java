package dev.hoist.controller.source;

import dev.hoist.controller.auth.ApiPrincipal;
import dev.hoist.controller.auth.ApiTokenAuthenticator;
import dev.hoist.controller.core.AuditEvent;
import dev.hoist.controller.core.AuditLog;
import dev.hoist.controller.core.Role;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.time.Clock;
import java.util.Base64;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who may use {@code /git/}: HTTP basic auth whose password is an API token (the user name is ignored; a
 * {@code Bearer} token works too). A viewer may fetch and clone, a deployer or admin may also push; pushes
 * go only to hosted repositories. Without a valid token the answer is 401 with {@code WWW-Authenticate: Basic},
 * so that git asks for credentials or takes them from its credential helper. The caller then reaches the
 * git servlet as the request's principal.
 */
final class GitHttpAccess implements Filter {
    private static final Logger LOG = LoggerFactory.getLogger(GitHttpAccess.class);
    static final String REALM = "hoist";

    private final ApiTokenAuthenticator tokens;
    private final SourceRepositories repositories;
    private final AuditLog audit;
    private final Clock clock;

    GitHttpAccess(ApiTokenAuthenticator tokens, SourceRepositories repositories, AuditLog audit, Clock clock) {
        this.tokens = tokens;
        this.repositories = repositories;
        this.audit = audit;
        this.clock = clock;
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest http = (HttpServletRequest) request;
        HttpServletResponse answer = (HttpServletResponse) response;
        Optional<ApiPrincipal> caller = token(http.getHeader("Authorization")).flatMap(tokens::authenticate);
        if (caller.isEmpty()) {
            answer.setHeader("WWW-Authenticate", "Basic realm=\"" + REALM + "\"");
            refuse(answer, HttpServletResponse.SC_UNAUTHORIZED, "git over HTTP needs an API token as the password "
                    + "(any user name): e.g. git -c credential.helper= clone http://hoist@HOST:PORT/git/NAME.git and "
                    + "give the token when asked, or use a credential helper");
            return;
        }
        ApiPrincipal principal = caller.get();
        boolean push = isPush(http);
        String repository = repositoryName(http.getPathInfo());
        if (push && !principal.role().includes(Role.DEPLOYER)) {
            record(principal, repository, http, "FORBIDDEN");
            refuse(answer, HttpServletResponse.SC_FORBIDDEN, "pushing needs a deployer or admin API token; token '"
                    + principal.name() + "' is a " + principal.role().wireName() + "'s");
            return;
        }
        if (push && repository != null) {
            Optional<SourceRepository> found = repositories.find(repository);
            if (found.isPresent() && found.get().kind() == SourceRepository.Kind.EXTERNAL) {
                record(principal, repository, http, "EXTERNAL_SOURCE_READ_ONLY");
                refuse(answer, HttpServletResponse.SC_FORBIDDEN, "repository '" + repository + "' mirrors "
                        + found.get().url() + "; push there, and the controller fetches it");
                return;
            }
        }
        chain.doFilter(new AuthenticatedRequest(http, principal), response);
    }

    /** Pushes: receive-pack's ref advertisement and its POST; everything else reads. */
    static boolean isPush(HttpServletRequest request) {
        String path = request.getPathInfo();
        return "git-receive-pack".equals(request.getParameter("service"))
                || (path != null && path.endsWith("/git-receive-pack"));
    }

    /** The repository name of {@code /NAME.git/...} (or {@code /NAME/...}); {@code null} when there is none. */
    static String repositoryName(String pathInfo) {
        if (pathInfo == null || pathInfo.length() < 2) {
            return null;
        }
        int slash = pathInfo.indexOf('/', 1);
        String first = slash < 0 ? pathInfo.substring(1) : pathInfo.substring(1, slash);
        return first.endsWith(".git") ? first.substring(0, first.length() - 4) : first;
    }

    /** The token from {@code Basic base64(user:token)} or {@code Bearer token}. */
    static Optional<String> token(String authorization) {
        if (authorization == null) {
            return Optional.empty();
        }
        String value = authorization.strip();
        if (value.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.of(value.substring(7).strip()).filter(token -> !token.isEmpty());
        }
        if (!value.regionMatches(true, 0, "Basic ", 0, 6)) {
            return Optional.empty();
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(value.substring(6).strip()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        int colon = decoded.indexOf(':');
        String token = colon < 0 ? decoded : decoded.substring(colon + 1);
        return Optional.of(token).filter(secret -> !secret.isBlank());
    }

    private void record(ApiPrincipal caller, String repository, HttpServletRequest request, String outcome) {
        try {
            audit.record(new AuditEvent(0, clock.instant(), caller.name(), "repository.push", repository,
                    request.getRemoteAddr(), outcome));
        } catch (RuntimeException e) {
            LOG.error("Could not write the audit event of a refused push to {}", repository, e);
        }
    }

    private static void refuse(HttpServletResponse answer, int status, String message) throws IOException {
        answer.setStatus(status);
        answer.setContentType("text/plain; charset=utf-8");
        answer.getWriter().println("hoist: " + message);
    }

    /** The request as the git servlet sees it: made by the token's owner. */
    private static final class AuthenticatedRequest extends HttpServletRequestWrapper {
        private final ApiPrincipal principal;

        AuthenticatedRequest(HttpServletRequest request, ApiPrincipal principal) {
            super(request);
            this.principal = principal;
        }

        @Override
        public String getRemoteUser() {
            return principal.name();
        }

        @Override
        public Principal getUserPrincipal() {
            return principal;
        }
    }
}
