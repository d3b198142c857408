package dev.hoist.cli;

import dev.hoist.cli.completion.Completer;
import java.util.Arrays;

/**
 * Entry point of {@code hoist}, the command-line client of the controller's REST API. Each command
 * group is a class in {@code commands}, listed in {@link CommandIndex}.
 *
 * <p>Start-up is most of what a short command costs, so this class does as little as it can before the
 * command runs: {@code --version} and the top-level help are answered from plain code without loading
 * picocli at all, and {@link CommandTree} builds only the one command group a command line names
 * (picocli reads each group's annotations by reflection). Jackson and the HTTP client load only in
 * commands that call the controller.
 */
public final class HoistCli {
    private HoistCli() {
    }

    public static void main(String[] args) {
        System.exit(execute(CliContext.ofProcess(), args));
    }

    /** Runs one command line in {@code context}; returns the exit status (see {@link ExitCodes}). */
    public static int execute(CliContext context, String... args) {
        if (args.length == 1 && (args[0].equals("-V") || args[0].equals("--version"))) {
            context.out().println(Version.text());
            context.out().flush();
            return ExitCodes.OK;
        }
        if (args.length == 1 && (args[0].equals("-h") || args[0].equals("--help") || args[0].equals("help"))) {
            CommandIndex.printHelp(context.out());
            context.out().flush();
            return ExitCodes.OK;
        }
        if (args.length > 0 && args[0].equals(Completer.COMMAND)) {
            return new Completer(context).run(Arrays.copyOfRange(args, 1, args.length));
        }
        if (args.length == 0) {
            context.err().println("hoist: choose a command, e.g.: hoist agent list");
            CommandIndex.printHelp(context.err());
            context.err().flush();
            return ExitCodes.USAGE;
        }
        return CommandTree.execute(context, args);
    }
}
