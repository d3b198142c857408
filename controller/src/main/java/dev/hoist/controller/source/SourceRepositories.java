package dev.hoist.controller.source;

import dev.hoist.api.CreateRepositoryRequest;
import dev.hoist.controller.core.Refusal;
import dev.hoist.controller.secrets.SecretSealer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Source repositories: hosted ones (a bare repository the controller serves) and external ones (a mirror of
 * a remote it fetches), in one name space. Creates and deletes the row and the directory together, checks
 * every field, and seals the secrets (webhook secret, remote credentials) with the controller's secrets key.
 */
public final class SourceRepositories {
    static final int MIN_WEBHOOK_SECRET = 16;
    static final int MAX_SECRET = 1024;
    static final int MAX_DESCRIPTION = 1000;
    static final int MAX_URL = 2048;
    static final long MAX_POLL_SECONDS = Duration.ofDays(7).toSeconds();
    static final String DEFAULT_USERNAME = "git";

    /** A remote's username and password (or token), opened for a fetch. */
    record Credentials(String username, String password) {
        @Override
        public String toString() {
            return "Credentials[" + username + ", password hidden]";
        }
    }

    private final JdbiSourceRepositoryStore store;
    private final GitDirectories directories;
    private final SourceLocks locks;
    private final SecretSealer sealer;
    private final int defaultPollSeconds;
    private final int minimumPollSeconds;
    private final Clock clock;

    SourceRepositories(JdbiSourceRepositoryStore store, GitDirectories directories, SourceLocks locks,
            SecretSealer sealer, int defaultPollSeconds, int minimumPollSeconds, Clock clock) {
        this.store = store;
        this.directories = directories;
        this.locks = locks;
        this.sealer = sealer;
        this.defaultPollSeconds = defaultPollSeconds;
        this.minimumPollSeconds = minimumPollSeconds;
        this.clock = clock;
    }

    public GitDirectories directories() {
        return directories;
    }

    public Optional<SourceRepository> find(String name) {
        return RepositoryName.isValid(name) ? store.find(name) : Optional.empty();
    }

    /** The repository, or a refusal {@code REPOSITORY_NOT_FOUND}. */
    public SourceRepository require(String name) {
        return find(name).orElseThrow(() -> Refusal.notFound("REPOSITORY_NOT_FOUND", "there is no repository named '"
                + name + "'; list them with: hoist repo list", name == null ? Map.of() : Map.of("repository", name)));
    }

    public List<SourceRepository> list() {
        return store.list();
    }

    /** Creates a hosted repository or registers an external source, as the request says. */
    public SourceRepository create(CreateRepositoryRequest request, String createdBy) {
        if (request == null) {
            throw Refusal.invalid("INVALID_BODY", "send {\"name\": \"NAME\"} for a hosted repository, or add "
                    + "\"url\" for an external source", Map.of());
        }
        String name = RepositoryName.require(request.name());
        String description = blankToNull(request.description());
        if (description != null && description.length() > MAX_DESCRIPTION) {
            throw Refusal.invalid("INVALID_DESCRIPTION", "description has " + description.length()
                    + " characters; at most " + MAX_DESCRIPTION, Map.of("repository", name));
        }
        String url = blankToNull(request.url());
        SourceRepository repository = url == null ? hosted(name, description, request, createdBy)
                : external(name, description, url, request, createdBy);
        if (!store.insert(repository)) {
            throw taken(name);
        }
        try {
            if (directories.exists(name)) {
                // Left by an earlier repository of this name whose row went, or put there by hand: not ours to reuse.
                store.delete(name);
                throw Refusal.conflict("REPOSITORY_DIRECTORY_EXISTS", "the directory " + directories.directory(name)
                        + " exists already but no repository of this name is registered; move it away (or pick "
                        + "another name) and create it again", Map.of("repository", name));
            }
            directories.create(name);
        } catch (IOException e) {
            store.delete(name);
            throw new UncheckedIOException(e);
        }
        return repository;
    }

    private SourceRepository hosted(String name, String description, CreateRepositoryRequest request,
            String createdBy) {
        if (request.pollSeconds() != null || request.webhookSecret() != null || request.username() != null
                || request.password() != null) {
            throw Refusal.invalid("NOT_AN_EXTERNAL_SOURCE", "pollSeconds, webhookSecret, username and password are "
                    + "for external sources: give url as well, or leave them out for a hosted repository",
                    Map.of("repository", name));
        }
        return new SourceRepository(name, SourceRepository.Kind.HOSTED, description, null, null, null, null,
                createdBy, clock.instant(), null, null);
    }

    private SourceRepository external(String name, String description, String url, CreateRepositoryRequest request,
            String createdBy) {
        RemoteUrl remote = RemoteUrl.check(url, name);
        int poll = request.pollSeconds() == null ? defaultPollSeconds : request.pollSeconds();
        if (poll != 0 && (poll < minimumPollSeconds || poll > MAX_POLL_SECONDS)) {
            throw Refusal.invalid("INVALID_POLL_INTERVAL", "pollSeconds " + poll + " is out of range: give 0 (no "
                    + "polling: webhook or fetch only) or " + minimumPollSeconds + " to " + MAX_POLL_SECONDS,
                    Map.of("repository", name));
        }
        String webhookSecret = request.webhookSecret();
        String sealedWebhook = null;
        if (webhookSecret != null) {
            if (webhookSecret.length() < MIN_WEBHOOK_SECRET || webhookSecret.length() > MAX_SECRET) {
                throw Refusal.invalid("INVALID_WEBHOOK_SECRET", "the webhook secret must have " + MIN_WEBHOOK_SECRET
                        + " to " + MAX_SECRET + " characters (e.g. 'openssl rand -hex 32')", Map.of("repository", name));
            }
            sealedWebhook = sealer.seal(sealContext(name), "webhook-secret", webhookSecret);
        }
        String sealedCredentials = null;
        if (request.username() != null || request.password() != null) {
            sealedCredentials = sealCredentials(name, remote, request.username(), request.password());
        }
        return new SourceRepository(name, SourceRepository.Kind.EXTERNAL, description, remote.text(), poll,
                sealedWebhook, sealedCredentials, createdBy, clock.instant(), null, null);
    }

    private String sealCredentials(String name, RemoteUrl remote, String username, String password) {
        if (password == null || password.isEmpty()) {
            throw Refusal.invalid("INCOMPLETE_CREDENTIALS", "a username needs a password or token: give password "
                    + "as well (hoist repo create --password-file FILE)", Map.of("repository", name));
        }
        String user = username == null || username.isBlank() ? DEFAULT_USERNAME : username.strip();
        if (password.length() > MAX_SECRET || user.length() > 256 || user.contains("\n") || password.contains("\n")) {
            throw Refusal.invalid("INVALID_CREDENTIALS", "the username (at most 256 characters) and password (at "
                    + "most " + MAX_SECRET + ") must be one line each", Map.of("repository", name));
        }
        if (!remote.credentialsAllowed()) {
            throw Refusal.invalid("CREDENTIALS_NEED_HTTPS", "credentials are sent only over https; the url is "
                    + remote.text() + ": use its https URL", Map.of("repository", name));
        }
        return sealer.seal(sealContext(name), "credentials", user + "\n" + password);
    }

    /** Deletes the row and the bare repository; {@code false} when there was no such repository. */
    public boolean delete(String name) {
        if (!RepositoryName.isValid(name)) {
            return false;
        }
        try {
            if (!locks.tryLock(name, 60)) {
                throw new Refusal(Refusal.Kind.UNAVAILABLE, "REPOSITORY_BUSY", "repository '" + name + "' is being "
                        + "fetched; try again in a minute", Map.of("repository", name));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a fetch of " + name, e);
        }
        try {
            if (!store.delete(name)) {
                return false;
            }
            directories.delete(name);
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            locks.unlock(name);
        }
    }

    /** The webhook secret, opened; empty when none is set. */
    Optional<String> webhookSecret(SourceRepository repository) {
        return Optional.ofNullable(repository.sealedWebhookSecret())
                .map(sealed -> open(repository.name(), "webhook-secret", sealed));
    }

    /** The remote's credentials, opened; empty when none are set. */
    Optional<Credentials> credentials(SourceRepository repository) {
        return Optional.ofNullable(repository.sealedCredentials()).map(sealed -> {
            String both = open(repository.name(), "credentials", sealed);
            int newline = both.indexOf('\n');
            return new Credentials(both.substring(0, newline), both.substring(newline + 1));
        });
    }

    void recordFetch(String name, String error) {
        store.recordFetch(name, clock.instant(), error);
    }

    private String open(String name, String what, String sealed) {
        try {
            return sealer.open(sealContext(name), what, sealed);
        } catch (SecretSealer.UnreadableSecretException e) {
            throw new IllegalStateException("the " + what + " of repository " + name + " cannot be opened: "
                    + e.getMessage() + "; set it again by deleting and registering the source");
        }
    }

    /** Associated data of sealed values: a value sealed for one repository does not open for another. */
    private static String sealContext(String name) {
        return "source-repository:" + name;
    }

    private static Refusal taken(String name) {
        return Refusal.conflict("REPOSITORY_EXISTS", "a repository named '" + name + "' exists already; pick another "
                + "name, or delete it first with: hoist repo delete " + name, Map.of("repository", name));
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }

    /** A checked remote: https, http, git or file URLs and absolute paths; no ssh (yet), no credentials inside. */
    record RemoteUrl(String text, boolean credentialsAllowed) {
        static RemoteUrl check(String url, String name) {
            Map<String, Object> details = new HashMap<>(Map.of("repository", name, "url", url));
            if (url.length() > MAX_URL) {
                throw Refusal.invalid("INVALID_REPOSITORY_URL", "the url has " + url.length() + " characters; at most "
                        + MAX_URL, details);
            }
            if (url.startsWith("/")) {
                Path path = Path.of(url).normalize();
                if (!Files.isDirectory(path)) {
                    throw Refusal.invalid("INVALID_REPOSITORY_URL", "the local path " + url + " is not a directory on "
                            + "the controller's host; give the path of a git repository there, or an https URL",
                            details);
                }
                return new RemoteUrl(path.toString(), false);
            }
            if (url.startsWith("ssh://") || url.matches("[A-Za-z0-9._-]+@[^/:]+:.*")) {
                throw Refusal.invalid("SSH_REMOTE_NOT_SUPPORTED", "ssh remotes are not supported yet; use the "
                        + "remote's https URL, with --username and --password-file for a private one", details);
            }
            URI uri;
            try {
                uri = new URI(url);
            } catch (URISyntaxException e) {
                throw Refusal.invalid("INVALID_REPOSITORY_URL", "'" + url + "' is not a URL: " + e.getReason()
                        + "; give an https URL or an absolute path", details);
            }
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            switch (scheme) {
                case "https", "http", "git" -> {
                    if (uri.getHost() == null) {
                        throw Refusal.invalid("INVALID_REPOSITORY_URL", "'" + url + "' names no host", details);
                    }
                    if (uri.getRawUserInfo() != null) {
                        throw Refusal.invalid("URL_CARRIES_CREDENTIALS", "the url carries a user name or password; "
                                + "give the url without them and the credentials apart (--username, --password-file), "
                                + "so that they are stored sealed", Map.of("repository", name));
                    }
                    return new RemoteUrl(url, scheme.equals("https"));
                }
                case "file" -> {
                    return check(uri.getPath() == null ? "" : uri.getPath(), name);
                }
                default -> throw Refusal.invalid("INVALID_REPOSITORY_URL", "'" + url + "' is not an https, http, git "
                        + "or file URL, nor an absolute path", details);
            }
        }
    }
}
