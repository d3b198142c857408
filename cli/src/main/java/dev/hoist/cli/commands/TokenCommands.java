package dev.hoist.cli.commands;

import dev.hoist.api.CreateJoinTokenRequest;
import dev.hoist.api.JoinTokenCreated;
import dev.hoist.api.JoinTokenView;
import dev.hoist.cli.CliContext;
import dev.hoist.cli.client.Answer;
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

    @Command(name = "create", description = "Create a join token and print the one-line agent install command.")
    public static final class Create extends ApiCommand {
        @Option(names = "--tag", paramLabel = "KEY=VALUE", description = "tag for every agent enrolled with it (repeat)")
        List<String> tags;

        @Option(names = "--allow-tag-key", paramLabel = "KEY",
                description = "let an enrolling host add its own tag under KEY, e.g. zone (repeat); the token's "
                        + "--tag values always win, and a host may add no other tags")
        List<String> allowTagKeys;

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
            Answer<JoinTokenCreated> answer = client.post("/api/v1/join-tokens",
                    new CreateJoinTokenRequest(KeyValues.parse(tags, "tag"), ttl, uses,
                            allowTagKeys == null ? List.of() : allowTagKeys), JoinTokenCreated.class);
            if (printedAsData(answer)) {
                return;
            }
            JoinTokenCreated created = answer.value();
            int usesLeft = created.usesLeft();
            String tagText = Humanize.tags(created.tags());
            out().println("Join token " + created.id() + ": " + usesLeft + (usesLeft == 1 ? " use" : " uses")
                    + ", expires " + created.expiresAt() + " (" + humanize.relative(created.expiresAt()) + ")"
                    + (tagText.isEmpty() ? "" : ", tags " + tagText)
                    + (created.allowedTagKeys() == null || created.allowedTagKeys().isEmpty() ? ""
                            : ", hosts may add tags " + String.join(", ", created.allowedTagKeys())));
            out().println();
            out().println("  token:   " + created.token() + "   (shown only now)");
            out().println("  CA pin:  " + created.caPin());
            out().println();
            out().println("Install, enroll and start the agent on a server (as root; docs/install.md):");
            out().println();
            out().println("  " + created.installCommand());
            out().println();
            out().println("Or, where hoist-agent is already installed:");
            out().println();
            out().println("  " + created.enrollCommand());
        }
    }

    @Command(name = "list", description = "List join tokens (never their secrets).")
    public static final class ListTokens extends ApiCommand {
        public ListTokens(CliContext context) {
            super(context);
        }

        @Override
        protected void call(ApiClient client) {
            Answer<List<JoinTokenView>> answer = client.getList("/api/v1/join-tokens", JoinTokenView.class);
            if (printedAsData(answer)) {
                return;
            }
            List<JoinTokenView> tokens = answer.value();
            if (tokens.isEmpty()) {
                out().println("No join tokens; create one with: hoist token create");
                return;
            }
            Table table = new Table("ID", "TAGS", "USES LEFT", "EXPIRES", "USABLE", "CREATED BY");
            for (JoinTokenView token : tokens) {
                table.row(token.id(), Humanize.tags(token.tags()), token.usesLeft(), humanize.relative(token.expiresAt()),
                        token.usable() ? "yes" : "no", token.createdBy());
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
            if (!machineReadable()) {
                out().println("Deleted join token " + id);
            }
        }
    }
}
