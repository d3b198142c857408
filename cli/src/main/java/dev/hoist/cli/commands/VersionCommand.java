package dev.hoist.cli.commands;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hoist.api.VersionView;
import dev.hoist.cli.CliContext;
import dev.hoist.cli.Version;
import dev.hoist.cli.client.Answer;
import dev.hoist.cli.client.ApiClient;
import dev.hoist.cli.output.OutputFormat;
import dev.hoist.cli.output.TerminalText;
import java.io.PrintWriter;
import picocli.CommandLine.Command;

/**
 * {@code hoist version}: this client's version and the controller's. A client and a controller of
 * different major.minor releases may not understand each other fully: that is a warning on standard
 * error, not a failure.
 */
@Command(name = "version", description = "Print this client's version and the controller's.")
public final class VersionCommand extends ApiCommand {

    public VersionCommand(CliContext context) {
        super(context);
    }

    @Override
    protected void call(ApiClient client) {
        Answer<VersionView> answer;
        try {
            answer = client.get("/api/v1/version", VersionView.class);
        } catch (RuntimeException e) {
            if (!machineReadable()) {
                printClient(); // what is known even when the controller cannot be asked
                out().flush();
            }
            throw e;
        }
        VersionView controller = answer.value();
        if (printing.quiet) {
            out().println(Version.number());
            out().println(TerminalText.safe(controller.version()));
        } else if (printing.output == OutputFormat.table) {
            printClient();
            out().println("controller: " + TerminalText.safe(controller.version()) + " (API " + controller.api()
                    + ") at " + client.url() + ", token " + TerminalText.safe(controller.tokenName()) + " (role "
                    + controller.role() + ")");
        } else {
            ObjectNode both = mapper().createObjectNode();
            both.put("client", Version.number());
            both.set("controller", answer.json());
            printData(both);
        }
        warnIfIncompatible(controller.version(), context.err());
    }

    private void printClient() {
        out().println("client:     hoist " + Version.number());
    }

    /** Warns on {@code err} when this client and the controller are of different major.minor releases. */
    static void warnIfIncompatible(String controllerVersion, PrintWriter err) {
        if (!compatible(Version.number(), controllerVersion)) {
            err.println("hoist: warning: this client is " + Version.number() + " and the controller "
                    + TerminalText.safe(controllerVersion) + "; use a client of the controller's release ("
                    + releaseOf(controllerVersion) + ".x)");
            err.flush();
        }
    }

    /** Same major.minor, or either is a development build (whose version says nothing). */
    static boolean compatible(String client, String controller) {
        String a = releaseOf(client);
        String b = releaseOf(controller);
        return a == null || b == null || a.equals(b);
    }

    /** {@code 1.4} of {@code 1.4.2} or {@code 1.4.0-SNAPSHOT}; {@code null} for anything else. */
    static String releaseOf(String version) {
        if (version == null) {
            return null;
        }
        String[] parts = version.split("[.-]");
        if (parts.length < 2 || !parts[0].matches("\\d+") || !parts[1].matches("\\d+")) {
            return null;
        }
        return parts[0] + "." + parts[1];
    }
}
