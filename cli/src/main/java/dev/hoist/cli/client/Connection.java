package dev.hoist.cli.client;

import dev.hoist.cli.ExitCodes;
import dev.hoist.cli.config.CliConfig;
import dev.hoist.cli.config.ConfigFile;
import dev.hoist.cli.config.SavedContext;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import javax.net.ssl.SSLSocketFactory;

/**
 * Where the controller is, which token to present, and which CA to trust. Each setting is taken from the
 * first of:
 * <ol>
 *   <li>the command's flags: {@code --url}, {@code --token}, {@code --context NAME};
 *   <li>the environment: {@code HOIST_URL}, {@code HOIST_TOKEN};
 *   <li>the current context that {@code hoist login} saved ({@code hoist context use} switches it);
 *   <li>a local controller: {@code http://127.0.0.1:8080} and the admin token file it wrote
 *       ({@code $HOIST_DATA_DIR/admin.token}, else {@code ./hoist-data/admin.token}) when it is readable.
 * </ol>
 * A context's token and CA go only to that context's URL: with {@code --url} or {@code HOIST_URL}
 * naming another controller, the context is not used at all, so its token never reaches a server it was
 * not issued by.
 *
 * @param token {@code null} when none was found; the controller will then say so
 * @param tokenSource where the token came from, for messages
 * @param caPem the pinned CA for an {@code https} URL (from the context), or {@code null} for the JDK's trust
 */
public record Connection(URI url, String token, String tokenSource, String caPem) {
    public static final String DEFAULT_URL = "http://127.0.0.1:8080";

    public static Connection resolve(String urlOption, String tokenOption, String contextOption,
            Map<String, String> env, Path workingDir) {
        String explicitUrl = firstSet(urlOption, env.get("HOIST_URL"));
        String explicitToken = firstSet(tokenOption, env.get("HOIST_TOKEN"));
        SavedContext context = null;
        if (isSet(contextOption)) {
            ConfigFile file = ConfigFile.of(env);
            context = file.load().find(contextOption);
            if (context == null) {
                throw new CliFailure("no context '" + contextOption + "' in " + file.path()
                        + "; see them with: hoist context list", ExitCodes.USAGE);
            }
        } else if (explicitUrl == null || explicitToken == null) {
            CliConfig config = ConfigFile.of(env).load();
            context = config.currentContext();
        }
        URI url = parseUrl(explicitUrl != null ? explicitUrl : context != null ? context.url() : DEFAULT_URL);
        if (context != null && !url.equals(parseUrl(context.url()))) {
            context = null;
        }
        if (isSet(tokenOption)) {
            return new Connection(url, tokenOption.trim(), "--token", caPem(context));
        }
        if (isSet(env.get("HOIST_TOKEN"))) {
            return new Connection(url, env.get("HOIST_TOKEN").trim(), "HOIST_TOKEN", caPem(context));
        }
        if (context != null && isSet(context.token())) {
            return new Connection(url, context.token(), "context '" + context.name() + "'", context.caPem());
        }
        Path file = adminTokenFile(env, workingDir);
        if (Files.isReadable(file)) {
            try {
                String token = Files.readString(file).trim();
                return new Connection(url, token.isEmpty() ? null : token, file.toString(), caPem(context));
            } catch (IOException e) {
                return new Connection(url, null, null, caPem(context));
            }
        }
        return new Connection(url, null, null, caPem(context));
    }

    private static String caPem(SavedContext context) {
        return context == null ? null : context.caPem();
    }

    /** The sockets for this controller's TLS: trusting only the pinned CA when there is one. */
    public SSLSocketFactory socketFactory() {
        return caPem == null ? (SSLSocketFactory) SSLSocketFactory.getDefault() : PinnedCa.socketFactory(caPem);
    }

    private static Path adminTokenFile(Map<String, String> env, Path workingDir) {
        String dataDir = env.get("HOIST_DATA_DIR");
        Path base = isSet(dataDir) ? workingDir.resolve(dataDir) : workingDir.resolve("hoist-data");
        return base.resolve("admin.token");
    }

    /** {@code text} as a controller URL, without trailing slashes; a usage failure when it is not one. */
    public static URI parseUrl(String text) {
        String trimmed = text.trim();
        while (trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        try {
            URI uri = URI.create(trimmed);
            if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null) {
                return uri;
            }
        } catch (IllegalArgumentException e) {
            // answered below
        }
        throw new CliFailure("controller URL '" + text + "' is not an http:// or https:// URL such as "
                + DEFAULT_URL + "; set it with --url or HOIST_URL", ExitCodes.USAGE);
    }

    private static String firstSet(String... values) {
        for (String value : values) {
            if (isSet(value)) {
                return value;
            }
        }
        return null;
    }

    private static boolean isSet(String value) {
        return value != null && !value.isBlank();
    }
}
