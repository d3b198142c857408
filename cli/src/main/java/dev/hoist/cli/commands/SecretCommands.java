package dev.hoist.cli.commands;

import dev.hoist.api.SecretView;
import dev.hoist.api.SetSecretRequest;
import dev.hoist.cli.CliContext;
import dev.hoist.cli.ExitCodes;
import dev.hoist.cli.client.Answer;
import dev.hoist.cli.client.ApiClient;
import dev.hoist.cli.client.CliFailure;
import dev.hoist.cli.output.Table;
import dev.hoist.cli.output.TerminalText;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code hoist secret set|list|delete}: a deployment group's secret variables, given to its hooks as
 * environment variables. A value is read from standard input or a file, never from the command line
 * (where {@code ps} and the shell history would keep it), and no command prints one.
 */
@Command(name = "secret", description = "Secret variables of a deployment group, for its hooks (values never shown).",
        subcommands = {SecretCommands.Set.class, SecretCommands.ListSecrets.class, SecretCommands.Delete.class})
public final class SecretCommands {
    /** More than the controller accepts (4096 bytes), so that it, not a cut, refuses an oversized value. */
    static final int MAX_READ_BYTES = 16 * 1024;

    private SecretCommands() {
    }

    @Command(name = "set", description = {"Set a secret variable (create or replace); the value is read from "
            + "standard input, or from --from-file. One trailing newline is dropped.",
            "The next deployment's hooks get the new value; no new revision is needed."})
    public static final class Set extends ApiCommand {
        @Mixin
        GroupOptions target;

        @Option(names = "--from-file", paramLabel = "FILE", description = "read the value from this file")
        Path fromFile;

        @Parameters(paramLabel = "NAME", description = "the environment variable name the hooks see")
        String name;

        public Set(CliContext context) {
            super(context);
        }

        @Override
        protected void call(ApiClient client) {
            String value = trimNewline(fromFile != null ? readFile(fromFile) : readInput());
            if (value.isEmpty()) {
                throw new CliFailure("no value for " + name + ": pipe it in ('printf %s \"$VALUE\" | hoist secret "
                        + "set ...') or use --from-file FILE", ExitCodes.USAGE);
            }
            Answer<SecretView> answer = client.put(target.path("/secrets/" + ApiClient.encode(name)),
                    new SetSecretRequest(value), SecretView.class);
            if (printedAsData(answer)) {
                return;
            }
            SecretView set = answer.value();
            out().println("Set secret " + TerminalText.safe(set.name()) + " of group "
                    + TerminalText.safe(set.group()) + " (" + TerminalText.safe(set.application())
                    + "); the next deployment's hooks get it");
        }

        private String readInput() {
            Console console = System.console();
            if (console != null && context.in() == System.in) {
                char[] typed = console.readPassword("Value of %s (not shown): ", name);
                return typed == null ? "" : new String(typed);
            }
            try {
                return read(context.in());
            } catch (IOException e) {
                throw new CliFailure("cannot read the value from standard input: " + e.getMessage(), ExitCodes.USAGE);
            }
        }

        private static String readFile(Path file) {
            try (InputStream in = Files.newInputStream(file)) {
                return read(in);
            } catch (IOException e) {
                throw new CliFailure("cannot read " + file + ": " + e.getMessage(), ExitCodes.USAGE);
            }
        }

        private static String read(InputStream in) throws IOException {
            return new String(in.readNBytes(MAX_READ_BYTES), StandardCharsets.UTF_8);
        }

        private static String trimNewline(String value) {
            if (value.endsWith("\r\n")) {
                return value.substring(0, value.length() - 2);
            }
            return value.endsWith("\n") ? value.substring(0, value.length() - 1) : value;
        }
    }

    @Command(name = "list", description = "List a group's secret variables: names and when they were set.")
    public static final class ListSecrets extends ApiCommand {
        @Mixin
        GroupOptions target;

        public ListSecrets(CliContext context) {
            super(context);
        }

        @Override
        protected void call(ApiClient client) {
            Answer<List<SecretView>> secrets = client.getList(target.path("/secrets"), SecretView.class);
            if (printedAsData(secrets)) {
                return;
            }
            Table table = new Table("NAME", "UPDATED");
            for (SecretView secret : secrets.value()) {
                table.row(TerminalText.safe(secret.name()), humanize.relative(secret.updatedAt()));
            }
            table.print(out());
        }
    }

    @Command(name = "delete", description = "Delete a secret variable; deployments from now on go without it.")
    public static final class Delete extends ApiCommand {
        @Mixin
        GroupOptions target;

        @Parameters(paramLabel = "NAME", description = "the secret's name")
        String name;

        public Delete(CliContext context) {
            super(context);
        }

        @Override
        protected void call(ApiClient client) {
            client.delete(target.path("/secrets/" + ApiClient.encode(name)));
            if (!machineReadable()) {
                out().println("Deleted secret " + TerminalText.safe(name) + " of group "
                        + TerminalText.safe(target.group));
            }
        }
    }
}
