package dev.hoist.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hoist.cli.CliContext;
import dev.hoist.cli.ExitCodes;
import dev.hoist.cli.client.Answer;
import dev.hoist.cli.client.ApiClient;
import dev.hoist.cli.client.ApiJson;
import dev.hoist.cli.client.Connection;
import dev.hoist.cli.output.Humanize;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;

/**
 * Base of every command that calls the controller: connection options, {@code --output}, the client,
 * and printing. Subclasses implement {@link #call(ApiClient)}.
 */
public abstract class ApiCommand implements Callable<Integer> {

    @Mixin
    ApiOptions api;

    @Mixin
    OutputOptions printing;

    protected final CliContext context;
    protected final Humanize humanize;

    protected ApiCommand(CliContext context) {
        this.context = context;
        this.humanize = new Humanize(context.clock());
    }

    @Override
    public final Integer call() {
        Connection connection = api.connection(context);
        call(new ApiClient(connection, mapper()));
        context.out().flush();
        return ExitCodes.OK;
    }

    protected abstract void call(ApiClient client);

    /**
     * The CLI's JSON mapping, built on first use: picocli instantiates every command to parse a command
     * line, and {@code --help}, {@code --version} and usage errors should not pay for loading Jackson.
     */
    protected static ObjectMapper mapper() {
        return Mapper.INSTANCE;
    }

    private static final class Mapper {
        static final ObjectMapper INSTANCE = ApiJson.mapper();
    }

    /**
     * Builds the mapper and its readers on a second thread while picocli parses the command line and the
     * command talks to the controller, so that Jackson's start-up is not on the command's own path. A
     * command that needs the mapper sooner waits for it (class initialisation is one-at-a-time).
     */
    public static void prepareJsonInBackground() {
        Thread thread = new Thread(() -> ApiJson.prefetch(mapper()), "hoist-json");
        thread.setDaemon(true);
        thread.start();
    }

    protected PrintWriter out() {
        return context.out();
    }

    /** Whether the result goes to a script ({@code --output json|yaml}, {@code -q}) rather than a person. */
    protected boolean machineReadable() {
        return printing.machineReadable();
    }

    /**
     * Prints {@code answer} for a script when one asked: as JSON or YAML with the API's field names, or with
     * {@code -q} its ids (or names), one a line. Returns {@code false} when a person's table is wanted instead.
     */
    protected boolean printedAsData(Answer<?> answer) {
        return printing.printedAsData(answer.json(), out());
    }

    protected void printData(JsonNode node) {
        printing.printData(node, out());
    }
}
