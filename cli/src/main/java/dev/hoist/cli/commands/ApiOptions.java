package dev.hoist.cli.commands;

import picocli.CommandLine.Option;

/** {@code --url} and {@code --token}, shared by every command that calls the controller. */
public final class ApiOptions {
    @Option(names = "--url", paramLabel = "URL",
            description = "controller API URL (default: $HOIST_URL, else http://127.0.0.1:8080)")
    String url;

    @Option(names = "--token", paramLabel = "TOKEN",
            description = "API token (default: $HOIST_TOKEN, else $HOIST_DATA_DIR/admin.token or ./hoist-data/admin.token)")
    String token;
}
