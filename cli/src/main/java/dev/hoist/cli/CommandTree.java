package dev.hoist.cli;

import dev.hoist.cli.client.CliFailure;
import dev.hoist.cli.commands.ApiCommand;
import java.lang.reflect.Constructor;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The picocli side of {@code hoist}: the root command, and for each command line only the one group it
 * names, built lazily.
 */
@Command(name = "hoist", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = CommandIndex.DESCRIPTION)
public final class CommandTree implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "choose a command, e.g.: hoist agent list");
    }

    static int execute(CliContext context, String... args) {
        if (callsController(args)) {
            ApiCommand.prepareJsonInBackground();
        }
        CommandLine commandLine = commandLine(context, args);
        commandLine.setOut(context.out());
        commandLine.setErr(context.err());
        commandLine.setCaseInsensitiveEnumValuesAllowed(true);
        offerHelpEverywhere(commandLine);
        commandLine.setExecutionExceptionHandler(new FailureHandler(context));
        int exit = commandLine.execute(args);
        context.out().flush();
        context.err().flush();
        return exit;
    }

    /**
     * The command tree for {@code args}: the root and the one group the first word names ({@code help NAME}
     * adds the help command). A first word that names no command gets every group, so that picocli's
     * answer can suggest the nearest name.
     */
    private static CommandLine commandLine(CliContext context, String... args) {
        CommandLine root = new CommandLine(new CommandTree(), new ContextFactory(context));
        String first = args[0];
        boolean help = first.equals("help") && args.length > 1;
        CommandIndex.Entry named = CommandIndex.find(help ? args[1] : first);
        if (named == null) {
            for (CommandIndex.Entry entry : CommandIndex.ENTRIES) {
                root.addSubcommand(entry.name(), entry.type());
            }
            root.addSubcommand("help", CommandLine.HelpCommand.class);
            return root;
        }
        root.addSubcommand(named.name(), named.type());
        if (help) {
            root.addSubcommand("help", CommandLine.HelpCommand.class);
        }
        return root;
    }

    /** The whole command tree, as completion and the index's test see it. */
    public static CommandLine fullCommandLine(CliContext context) {
        return commandLine(context, "(every command)");
    }

    /** Whether the command line runs a command (not help or the version), which then calls the controller. */
    private static boolean callsController(String... args) {
        if (args.length < 2) {
            return false;
        }
        for (String arg : args) {
            if (arg.equals("-h") || arg.equals("--help") || arg.equals("-V") || arg.equals("--version")
                    || arg.equals("help")) {
                return false;
            }
        }
        CommandIndex.Entry named = CommandIndex.find(args[0]);
        return named != null && named.callsController();
    }

    /** Every command answers {@code --help}, whether or not its class remembered to ask for it. */
    private static void offerHelpEverywhere(CommandLine line) {
        for (CommandLine sub : line.getSubcommands().values()) {
            CommandSpec spec = sub.getCommandSpec();
            if (!(sub.getCommand() instanceof CommandLine.HelpCommand) && !spec.mixinStandardHelpOptions()) {
                spec.mixinStandardHelpOptions(true);
            }
            offerHelpEverywhere(sub);
        }
    }

    /** Builds commands that take the {@link CliContext}, and everything else the default way. */
    private static final class ContextFactory implements CommandLine.IFactory {
        private final CliContext context;
        private final CommandLine.IFactory fallback = CommandLine.defaultFactory();

        ContextFactory(CliContext context) {
            this.context = context;
        }

        @Override
        public <K> K create(Class<K> type) throws Exception {
            for (Constructor<?> constructor : type.getDeclaredConstructors()) {
                if (constructor.getParameterCount() == 1 && constructor.getParameterTypes()[0] == CliContext.class) {
                    return type.cast(constructor.newInstance(context));
                }
            }
            return fallback.create(type);
        }
    }

    /** A {@link CliFailure} is one line on standard error and its exit status; anything else a crash. */
    private static final class FailureHandler implements CommandLine.IExecutionExceptionHandler {
        private final CliContext context;

        FailureHandler(CliContext context) {
            this.context = context;
        }

        @Override
        public int handleExecutionException(Exception e, CommandLine line, CommandLine.ParseResult parsed)
                throws Exception {
            if (e instanceof CliFailure failure) {
                context.err().println("hoist: " + failure.getMessage());
                context.err().flush();
                return failure.exitCode();
            }
            throw e;
        }
    }
}
