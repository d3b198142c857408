package dev.hoist.cli.commands;

import dev.hoist.cli.CliContext;
import dev.hoist.cli.client.Connection;
import picocli.CommandLine.Option;

/** {@code --url}, {@code --token} and {@code --context}, shared by every command that calls the controller. */
public final class ApiOptions {
    @Option(names = "--url", paramLabel = "URL",
            description = "controller API URL (default: $HOIST_URL, else the current context's, else "
                    + "http://127.0.0.1:8080)")
    String url;

    @Option(names = "--token", paramLabel = "TOKEN",
            description = "API token (default: $HOIST_TOKEN, else the current context's, else "
                    + "$HOIST_DATA_DIR/admin.token or ./hoist-data/admin.token)")
    String token;

    @Option(names = "--context", paramLabel = "NAME",
            description = "use this saved context (hoist context list) instead of the current one")
    String context;

    /** Where to connect, by the precedence {@link Connection} describes. */
    Connection connection(CliContext cli) {
        return Connection.resolve(url, token, context, cli.environment(), cli.workingDirectory());
    }
}
