package dev.hoist.cli.commands;

import dev.hoist.api.VersionView;
import dev.hoist.cli.CliContext;
import dev.hoist.cli.ExitCodes;
import dev.hoist.cli.client.ApiClient;
import dev.hoist.cli.client.CliFailure;
import dev.hoist.cli.client.Connection;
import dev.hoist.cli.client.PinnedCa;
import dev.hoist.cli.config.CliConfig;
import dev.hoist.cli.config.ConfigFile;
import dev.hoist.cli.config.SavedContext;
import dev.hoist.cli.output.TerminalText;
import java.io.Console;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code hoist login URL}: checks an API token against the controller and saves both as a context, made
 * current. The token comes from a file or standard input, never from the command line, where {@code ps}
 * and shell history would show it. Over TLS the controller's CA is saved and pinned: later calls with
 * this context trust that CA only.
 */
@Command(name = "login", description = "Log in to a controller and save it as a context.",
        footer = {"", "The token is read from --token-file, else from standard input (a prompt on a terminal), "
                + "never from the command line.",
                "Example: hoist login https://hoist.example.com --token-file ~/hoist.token"})
public final class LoginCommand implements Callable<Integer> {
    @Parameters(paramLabel = "URL", description = "the controller's API URL, e.g. https://hoist.example.com")
    String url;

    @Option(names = "--token-file", paramLabel = "FILE", description = "read the API token from this file")
    Path tokenFile;

    @Option(names = "--name", paramLabel = "NAME", description = "the context's name (default: the URL's host[:port])")
    String name;

    @Option(names = "--ca-pin", paramLabel = "sha256:HEX",
            description = "over TLS, require this CA (as hoist token create prints it); without it the CA the "
                    + "controller presents is pinned on first use")
    String caPin;

    private final CliContext context;

    public LoginCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        URI uri = Connection.parseUrl(url);
        String token = token();
        String caPem = null;
        if (uri.getScheme().equals("https")) {
            X509Certificate ca = pinnedCa(uri);
            caPem = PinnedCa.pem(ca);
            context.err().println("Pinned the controller's CA " + PinnedCa.pin(ca) + " ("
                    + TerminalText.safe(ca.getSubjectX500Principal().getName()) + ")"
                    + (caPin == null ? "; compare it with the pin 'hoist token create' prints on the controller" : ""));
        }
        Connection connection = new Connection(uri, token, "hoist login", caPem);
        VersionView version = new ApiClient(connection, ApiCommand.mapper()).get("/api/v1/version", VersionView.class)
                .value();
        String contextName = name != null && !name.isBlank() ? name.trim()
                : uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "");
        ConfigFile file = ConfigFile.of(context.environment());
        CliConfig saved = file.load().withCurrent(new SavedContext(contextName, uri.toString(), token, caPem));
        file.save(saved);
        context.out().println("Logged in to " + uri + " as " + TerminalText.safe(version.tokenName()) + " (role "
                + version.role() + "; controller " + TerminalText.safe(version.version()) + "). Context '"
                + contextName + "' is current; saved in " + file.path());
        VersionCommand.warnIfIncompatible(version.version(), context.err());
        context.out().flush();
        return ExitCodes.OK;
    }

    private String token() {
        String text;
        if (tokenFile != null) {
            Path file = tokenFile.isAbsolute() ? tokenFile : context.workingDirectory().resolve(tokenFile);
            try {
                text = Files.readString(file);
            } catch (IOException e) {
                throw new CliFailure("cannot read the token file " + file + ": " + e.getMessage(), ExitCodes.USAGE);
            }
        } else if (context.terminal() && System.console() != null) {
            Console console = System.console();
            char[] typed = console.readPassword("API token for %s: ", url);
            text = typed == null ? "" : new String(typed);
        } else {
            try {
                text = new String(context.in().readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new CliFailure("cannot read the token from standard input: " + e.getMessage(), ExitCodes.USAGE);
            }
        }
        String token = text.trim();
        if (token.isEmpty() || token.contains("\n")) {
            throw new CliFailure("no API token given: pass --token-file FILE or the token alone on standard input, "
                    + "e.g.: hoist login " + url + " < token.txt (create one with: hoist api-token create NAME)",
                    ExitCodes.USAGE);
        }
        return token;
    }

    /** The CA the controller's chain ends in, or the one {@code --ca-pin} names; a refusal when it is not there. */
    private X509Certificate pinnedCa(URI uri) {
        X509Certificate[] chain;
        try {
            chain = PinnedCa.presentedChain(uri);
        } catch (IOException e) {
            throw new CliFailure("cannot reach the controller at " + uri + " over TLS: " + e.getMessage(),
                    ExitCodes.UNREACHABLE);
        }
        if (caPin == null) {
            return chain[chain.length - 1];
        }
        String wanted = caPin.trim().toLowerCase(Locale.ROOT);
        for (X509Certificate certificate : chain) {
            if (PinnedCa.pin(certificate).equals(wanted)) {
                return certificate;
            }
        }
        throw new CliFailure("CA_PIN_MISMATCH: no certificate in the chain " + uri + " presents has the pin " + wanted
                + " (its CA's is " + PinnedCa.pin(chain[chain.length - 1]) + "); check --ca-pin and the URL",
                ExitCodes.REFUSED);
    }
}
