package dev.hoist.cli;

import dev.hoist.cli.client.CliFailure;
import dev.hoist.cli.commands.AgentCommands;
import dev.hoist.cli.commands.ApiCommand;
import dev.hoist.cli.commands.ApiTokenCommands;
import dev.hoist.cli.commands.AppCommands;
import dev.hoist.cli.commands.ConfigCommands;
import dev.hoist.cli.commands.DeployCommand;
import dev.hoist.cli.commands.DeploymentCommands;
import dev.hoist.cli.commands.GroupCommands;
import dev.hoist.cli.commands.PushCommand;
import dev.hoist.cli.commands.RevisionCommands;
import dev.hoist.cli.commands.SecretCommands;
import dev.hoist.cli.commands.TokenCommands;
import java.lang.reflect.Constructor;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * Entry point of {@code hoist}, the command-line client of the controller's REST API. Each command
 * group is a class in {@code commands}; a new group (apps, deployments, ...) is one more entry in
 * {@code subcommands}.
 */
@Command(name = "hoist", mixinStandardHelpOptions = true, versionProvider = HoistCli.Version.class,
        description = "Command-line client of the Hoist controller.%n"
                + "Connects to $HOIST_URL (default http://127.0.0.1:8080) with $HOIST_TOKEN "
                + "(default: the local controller's hoist-data/admin.token).",
        subcommands = {TokenCommands.class, AgentCommands.class, ApiTokenCommands.class,
                AppCommands.class, PushCommand.class, RevisionCommands.class, ConfigCommands.class, GroupCommands.class,
                SecretCommands.class,
                DeployCommand.class, DeploymentCommands.class, CommandLine.HelpCommand.class})
public final class HoistCli implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "choose a command, e.g.: hoist agent list");
    }

    public static void main(String[] args) {
        System.exit(execute(CliContext.ofProcess(), args));
    }

    /** Runs one command line in {@code context}; returns the exit status (see {@link ExitCodes}). */
    public static int execute(CliContext context, String... args) {
        if (callsController(args)) {
            ApiCommand.prepareJsonInBackground();
        }
        CommandLine commandLine = new CommandLine(new HoistCli(), new ContextFactory(context));
        commandLine.setOut(context.out());
        commandLine.setErr(context.err());
        commandLine.setCaseInsensitiveEnumValuesAllowed(true);
        offerHelpEverywhere(commandLine);
        commandLine.setExecutionExceptionHandler((e, line, parsed) -> {
            if (e instanceof CliFailure failure) {
                context.err().println("hoist: " + failure.getMessage());
                context.err().flush();
                return failure.exitCode();
            }
            throw e;
        });
        int exit = commandLine.execute(args);
        context.out().flush();
        context.err().flush();
        return exit;
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
        return true;
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

    /** The version from the jar's manifest. */
    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = HoistCli.class.getPackage().getImplementationVersion();
            return new String[] {"hoist " + (version == null ? "(development build)" : version)};
        }
    }
}
