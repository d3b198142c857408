package dev.hoist.cli.client;

import dev.hoist.cli.ExitCodes;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Where the controller is and which token to present. The URL comes from {@code --url}, else
 * {@code HOIST_URL}, else {@code http://127.0.0.1:8080}. The token from {@code --token}, else
 * {@code HOIST_TOKEN}, else the admin token file a local controller wrote
 * ({@code $HOIST_DATA_DIR/admin.token}, else {@code ./hoist-data/admin.token}) when it is readable.
 *
 * @param token {@code null} when none was found; the controller will then say so
 * @param tokenSource where the token came from, for messages
 */
public record Connection(URI url, String token, String tokenSource) {
    public static final String DEFAULT_URL = "http://127.0.0.1:8080";

    public static Connection resolve(String urlOption, String tokenOption, Map<String, String> env, Path workingDir) {
        return new Connection(parseUrl(firstSet(urlOption, env.get("HOIST_URL"), DEFAULT_URL)),
                tokenOption(tokenOption, env, workingDir), tokenSource(tokenOption, env, workingDir));
    }

    private static String tokenOption(String tokenOption, Map<String, String> env, Path workingDir) {
        if (isSet(tokenOption)) {
            return tokenOption.trim();
        }
        if (isSet(env.get("HOIST_TOKEN"))) {
            return env.get("HOIST_TOKEN").trim();
        }
        Path file = adminTokenFile(env, workingDir);
        if (Files.isReadable(file)) {
            try {
                String token = Files.readString(file).trim();
                return token.isEmpty() ? null : token;
            } catch (IOException e) {
                return null;
            }
        }
        return null;
    }

    private static String tokenSource(String tokenOption, Map<String, String> env, Path workingDir) {
        if (isSet(tokenOption)) {
            return "--token";
        }
        if (isSet(env.get("HOIST_TOKEN"))) {
            return "HOIST_TOKEN";
        }
        Path file = adminTokenFile(env, workingDir);
        return Files.isReadable(file) ? file.toString() : null;
    }

    private static Path adminTokenFile(Map<String, String> env, Path workingDir) {
        String dataDir = env.get("HOIST_DATA_DIR");
        Path base = isSet(dataDir) ? workingDir.resolve(dataDir) : workingDir.resolve("hoist-data");
        return base.resolve("admin.token");
    }

    private static URI parseUrl(String text) {
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
