package dev.hoist.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hoist.cli.CliContext;
import dev.hoist.cli.client.ApiClient;
import dev.hoist.cli.output.Table;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code hoist api-token create|list|delete}: bearer tokens for people and CI jobs. */
@Command(name = "api-token", description = "API tokens for people and CI jobs (roles: viewer, deployer, admin).",
        subcommands = {ApiTokenCommands.Create.class, ApiTokenCommands.ListTokens.class, ApiTokenCommands.Delete.class})
public final class ApiTokenCommands {

    @Command(name = "create", description = "Create an API token; its secret is printed only now.")
    public static final class Create extends ApiCommand {
        @Parameters(paramLabel = "NAME", description = "who the token is for; audit events show it")
        String name;

        @Option(names = "--role", paramLabel = "ROLE", defaultValue = "viewer",
                description = "viewer, deployer or admin (default: ${DEFAULT-VALUE})")
        String role;

        public Create(CliContext context) {
            super(context);
        }

        @Override
        protected void call(ApiClient client) {
            ObjectNode request = JSON.createObjectNode().put("name", name).put("role", role);
            JsonNode created = client.post("/api/v1/api-tokens", request);
            if (json()) {
                printJson(created);
                return;
            }
            out().println("API token '" + created.path("name").asText() + "' (" + created.path("role").asText()
                    + "), shown only now:");
            out().println();
            out().println("  " + created.path("token").asText());
        }
    }

    @Command(name = "list", description = "List API tokens (never their secrets).")
    public static final class ListTokens extends ApiCommand {
        public ListTokens(CliContext context) {
            super(context);
        }

        @Override
        protected void call(ApiClient client) {
            JsonNode tokens = client.get("/api/v1/api-tokens");
            if (json()) {
                printJson(tokens);
                return;
            }
            Table table = new Table("NAME", "ROLE", "ID", "CREATED");
            for (JsonNode token : tokens) {
                table.row(token.path("name").asText(), token.path("role").asText(), token.path("id").asText(),
                        humanize.relative(token.path("createdAt")));
            }
            table.print(out());
        }
    }

    @Command(name = "delete", description = "Delete an API token; calls made with it are refused from now on.")
    public static final class Delete extends ApiCommand {
        @Parameters(paramLabel = "NAME", description = "the token's name")
        String name;

        public Delete(CliContext context) {
            super(context);
        }

        @Override
        protected void call(ApiClient client) {
            client.delete("/api/v1/api-tokens/" + ApiClient.encode(name));
            if (!json()) {
                out().println("Deleted API token " + name);
            }
        }
    }
}
