package dev.hoist.cli.commands;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hoist.cli.CliContext;
import dev.hoist.cli.ExitCodes;
import dev.hoist.cli.client.Answer;
import dev.hoist.cli.client.ApiClient;
import dev.hoist.cli.client.ApiJson;
import dev.hoist.cli.client.Connection;
import dev.hoist.cli.output.Humanize;
import dev.hoist.cli.output.OutputFormat;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Base of every command that calls the controller: connection options, {@code --output}, the client,
 * and printing. Subclasses implement {@link #call(ApiClient)}.
 */
public abstract class ApiCommand implements Callable<Integer> {

    @Mixin
    ApiOptions api;

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "table",
            description = "table (default) or json")
    protected OutputFormat output;

    protected final CliContext context;
    protected final Humanize humanize;

    protected ApiCommand(CliContext context) {
        this.context = context;
        this.humanize = new Humanize(context.clock());
    }

    @Override
    public final Integer call() {
        Connection connection = Connection.resolve(api.url, api.token, context.environment(), context.workingDirectory());
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

    protected boolean json() {
        return output == OutputFormat.json;
    }

    /** The answer as the controller sent it, fields this CLI does not know included. */
    protected void printJson(Answer<?> answer) {
        printJson(answer.json());
    }

    protected void printJson(JsonNode node) {
        try {
            out().println(mapper().writerWithDefaultPrettyPrinter().writeValueAsString(node));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot print JSON", e);
        }
    }
}
