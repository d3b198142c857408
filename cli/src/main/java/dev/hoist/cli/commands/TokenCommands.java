package dev.hoist.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hoist.cli.CliContext;
import dev.hoist.cli.client.ApiClient;
import dev.hoist.cli.output.Humanize;
import dev.hoist.cli.output.Table;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code hoist token create|list|delete}: join tokens that let new agents enroll. */
@Command(name = "token", description = "Join tokens for enrolling agents.",
        subcommands = {TokenCommands.Create.class, TokenCommands.ListTokens.class, TokenCommands.Delete.class})
public final class TokenCommands {

    @Command(name = "create", description = "Create a join token and print the exact enroll command.")
    public static final class Create extends ApiCommand {
        @Option(names = "--tag", paramLabel = "KEY=VALUE", description = "tag for every agent enrolled with it (repeat)")
        List<String> tags;

        @Option(names = "--ttl", paramLabel = "DURATION", defaultValue = "1h",
                description = "how long the token stays valid, e.g. 30m, 1h, 7d (default: ${DEFAULT-VALUE})")
        String ttl;

        @Option(names = "--uses", paramLabel = "N", defaultValue = "1",
                description = "how many agents may enroll with it (default: ${DEFAULT-VALUE})")
        int uses;

        public Create(CliContext context) {
            super(context);
        }

        @Override
        protected void call(ApiClient client) {
            ObjectNode request = JSON.createObjectNode();
            request.set("tags", JSON.valueToTree(KeyValues.parse(tags, "tag")));
            request.put("ttl", ttl);
            request.put("uses", uses);
            JsonNode created = client.post("/api/v1/join-tokens", request);
            if (json()) {
                printJson(created);
                return;
            }
            int usesLeft = created.path("usesLeft").asInt();
            out().println("Join token " + created.path("id").asText() + ": " + usesLeft + (usesLeft == 1 ? " use" : " uses")
                    + ", expires " + created.path("expiresAt").asText() + " (" + humanize.relative(created.path("expiresAt"))
                    + ")" + (created.path("tags").isEmpty() ? "" : ", tags " + Humanize.tags(created.path("tags"))));
            out().println();
            out().println("  token:   " + created.path("token").asText() + "   (shown only now)");
            out().println("  CA pin:  " + created.path("caPin").asText());
            out().println();
            out().println("Enroll a host with:");
            out().println();
            out().println("  " + created.path("enrollCommand").asText());
        }
    }

    @Command(name = "list", description = "List join tokens (never their secrets).")
    public static final class ListTokens extends ApiCommand {
        public ListTokens(CliContext context) {
            super(context);
        }

        @Override
        protected void call(ApiClient client) {
            JsonNode tokens = client.get("/api/v1/join-tokens");
            if (json()) {
                printJson(tokens);
                return;
            }
            if (tokens.isEmpty()) {
                out().println("No join tokens; create one with: hoist token create");
                return;
            }
            Table table = new Table("ID", "TAGS", "USES LEFT", "EXPIRES", "USABLE", "CREATED BY");
            for (JsonNode token : tokens) {
                table.row(token.path("id").asText(), Humanize.tags(token.path("tags")), token.path("usesLeft").asInt(),
                        humanize.relative(token.path("expiresAt")), token.path("usable").asBoolean() ? "yes" : "no",
                        token.path("createdBy").asText());
            }
            table.print(out());
        }
    }

    @Command(name = "delete", description = "Delete a join token so that nobody can enroll with it any more.")
    public static final class Delete extends ApiCommand {
        @Parameters(paramLabel = "ID", description = "the token's id (jt-...), from: hoist token list")
        String id;

        public Delete(CliContext context) {
            super(context);
        }

        @Override
        protected void call(ApiClient client) {
            client.delete("/api/v1/join-tokens/" + ApiClient.encode(id));
            if (!json()) {
                out().println("Deleted join token " + id);
            }
        }
    }
}
