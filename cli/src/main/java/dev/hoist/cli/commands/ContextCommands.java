package dev.hoist.cli.commands;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hoist.cli.CliContext;
import dev.hoist.cli.ExitCodes;
import dev.hoist.cli.client.CliFailure;
import dev.hoist.cli.client.PinnedCa;
import dev.hoist.cli.config.CliConfig;
import dev.hoist.cli.config.ConfigFile;
import dev.hoist.cli.config.SavedContext;
import dev.hoist.cli.output.Table;
import dev.hoist.cli.output.TerminalText;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code hoist context list|use|remove}: the controllers {@code hoist login} saved, and which is current. */
@Command(name = "context", description = "Saved controllers: list them, switch, remove.",
        subcommands = {ContextCommands.ListContexts.class, ContextCommands.Use.class, ContextCommands.Remove.class})
public final class ContextCommands {

    @Command(name = "list", description = "List saved contexts; * marks the current one. Tokens are never shown.")
    public static final class ListContexts implements Callable<Integer> {
        @Mixin
        OutputOptions printing;

        private final CliContext context;

        public ListContexts(CliContext context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            CliConfig config = ConfigFile.of(context.environment()).load();
            if (printing.machineReadable()) {
                printing.printedAsData(json(config), context.out());
            } else if (config.contexts().isEmpty()) {
                context.out().println("No contexts saved; log in with: hoist login URL");
            } else {
                Table table = new Table("CURRENT", "NAME", "URL", "CA PIN");
                for (SavedContext saved : config.contexts()) {
                    table.row(saved.name().equals(config.current()) ? "*" : "", saved.name(), saved.url(),
                            saved.caPem() == null ? "" : PinnedCa.pin(PinnedCa.parse(saved.caPem())));
                }
                table.print(context.out());
            }
            context.out().flush();
            return ExitCodes.OK;
        }

        /** The contexts as {@code --output json|yaml} prints them: no tokens. */
        private static ArrayNode json(CliConfig config) {
            ArrayNode list = JsonNodeFactory.instance.arrayNode();
            for (SavedContext saved : config.contexts()) {
                ObjectNode item = list.addObject();
                item.put("name", saved.name());
                item.put("url", saved.url());
                item.put("current", saved.name().equals(config.current()));
                if (saved.caPem() != null) {
                    item.put("caPin", PinnedCa.pin(PinnedCa.parse(saved.caPem())));
                }
            }
            return list;
        }
    }

    /** A command on one saved context, named on the command line: it must exist. */
    private abstract static class OnSavedContext implements Callable<Integer> {
        @Parameters(paramLabel = "NAME", description = "the context's name (hoist context list)")
        String name;

        final CliContext context;

        OnSavedContext(CliContext context) {
            this.context = context;
        }

        @Override
        public final Integer call() {
            ConfigFile file = ConfigFile.of(context.environment());
            CliConfig config = file.load();
            SavedContext saved = config.find(name);
            if (saved == null) {
                throw new CliFailure("CONTEXT_NOT_FOUND: no context '" + TerminalText.safe(name) + "' in "
                        + file.path() + "; see them with: hoist context list", ExitCodes.USAGE);
            }
            context.out().println(change(file, config, saved));
            context.out().flush();
            return ExitCodes.OK;
        }

        /** Saves the change to {@code saved}; what to tell the user. */
        abstract String change(ConfigFile file, CliConfig config, SavedContext saved);
    }

    @Command(name = "use", description = "Make a saved context the current one.")
    public static final class Use extends OnSavedContext {
        public Use(CliContext context) {
            super(context);
        }

        @Override
        String change(ConfigFile file, CliConfig config, SavedContext saved) {
            file.save(config.withCurrent(saved));
            return "Context '" + TerminalText.safe(name) + "' (" + TerminalText.safe(saved.url()) + ") is current.";
        }
    }

    @Command(name = "remove", description = "Forget a saved context and its token.")
    public static final class Remove extends OnSavedContext {
        public Remove(CliContext context) {
            super(context);
        }

        @Override
        String change(ConfigFile file, CliConfig config, SavedContext saved) {
            boolean wasCurrent = name.equals(config.current());
            file.save(config.without(name));
            return "Removed context '" + TerminalText.safe(name) + "'"
                    + (wasCurrent ? "; no context is current now (hoist context use NAME)" : "") + ".";
        }
    }
}
