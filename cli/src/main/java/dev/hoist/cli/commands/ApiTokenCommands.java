package dev.hoist.cli.commands;

import dev.hoist.api.ApiTokenView;
import dev.hoist.api.CreateApiTokenRequest;
import dev.hoist.cli.CliContext;
import dev.hoist.cli.client.Answer;
import dev.hoist.cli.client.ApiClient;
import dev.hoist.cli.output.Table;
import java.util.List;
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
            Answer<ApiTokenView> answer = client.post("/api/v1/api-tokens", new CreateApiTokenRequest(name, role),
                    ApiTokenView.class);
            if (printedAsData(answer)) {
                return;
            }
            ApiTokenView created = answer.value();
            out().println("API token '" + created.name() + "' (" + created.role() + "), shown only now:");
            out().println();
            out().println("  " + created.token());
        }
    }

    @Command(name = "list", description = "List API tokens (never their secrets).")
    public static final class ListTokens extends ApiCommand {
        public ListTokens(CliContext context) {
            super(context);
        }

        @Override
        protected void call(ApiClient client) {
            Answer<List<ApiTokenView>> tokens = client.getList("/api/v1/api-tokens", ApiTokenView.class);
            if (printedAsData(tokens)) {
                return;
            }
            Table table = new Table("NAME", "ROLE", "ID", "CREATED");
            for (ApiTokenView token : tokens.value()) {
                table.row(token.name(), token.role(), token.id(), humanize.relative(token.createdAt()));
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
            if (!machineReadable()) {
                out().println("Deleted API token " + name);
            }
        }
    }
}
