package dev.hoist.cli;

import dev.hoist.cli.commands.AgentCommands;
import dev.hoist.cli.commands.ApiTokenCommands;
import dev.hoist.cli.commands.AppCommands;
import dev.hoist.cli.commands.CompletionCommand;
import dev.hoist.cli.commands.ConfigCommands;
import dev.hoist.cli.commands.ContextCommands;
import dev.hoist.cli.commands.DeployCommand;
import dev.hoist.cli.commands.DeploymentCommands;
import dev.hoist.cli.commands.FreezeCommands;
import dev.hoist.cli.commands.GroupCommands;
import dev.hoist.cli.commands.LoginCommand;
import dev.hoist.cli.commands.PushCommand;
import dev.hoist.cli.commands.RepoCommands;
import dev.hoist.cli.commands.RevisionCommands;
import dev.hoist.cli.commands.SecretCommands;
import dev.hoist.cli.commands.TokenCommands;
import dev.hoist.cli.commands.VersionCommand;
import java.io.PrintWriter;
import java.util.List;

/**
 * The top-level commands by name, in plain code: the top-level help lists them without picocli reading
 * any command class, and a command line builds only the group it names. {@code CommandIndexTest} checks
 * that each description here is the one on the command's own {@code @Command}.
 */
public final class CommandIndex {
    static final String DESCRIPTION = "Command-line client of the Hoist controller.";

    /** @param callsController whether the command talks to the controller (then Jackson is prepared early) */
    public record Entry(String name, String description, Class<?> type, boolean callsController) {
    }

    public static final List<Entry> ENTRIES = List.of(
            new Entry("login", "Log in to a controller and save it as a context.", LoginCommand.class, true),
            new Entry("context", "Saved controllers: list them, switch, remove.", ContextCommands.class, false),
            new Entry("version", "Print this client's version and the controller's.", VersionCommand.class, true),
            new Entry("token", "Join tokens for enrolling agents.", TokenCommands.class, true),
            new Entry("agent", "Enrolled agents.", AgentCommands.class, true),
            new Entry("api-token", "API tokens for people and CI jobs (roles: viewer, deployer, admin).",
                    ApiTokenCommands.class, true),
            new Entry("app", "Applications.", AppCommands.class, true),
            new Entry("push", "Validate a directory's AppSpec, pack it as tar.gz and upload it as a new revision; "
                    + "prints the revision id.",
                    PushCommand.class, true),
            new Entry("revision", "Pushed revisions: list them, download a bundle, sign one, prune old ones.",
                    RevisionCommands.class, true),
            new Entry("config", "Deployment configs (minimum healthy hosts).", ConfigCommands.class, true),
            new Entry("group", "Deployment groups of an application.", GroupCommands.class, true),
            new Entry("secret", "Secret variables of a deployment group, for its hooks (values never shown).",
                    SecretCommands.class, true),
            new Entry("deploy", "Deploy a revision to a deployment group; with --wait, follow it to the end.",
                    DeployCommand.class, true),
            new Entry("deployment", "Deployments: list, show, stop, continue, and read their hooks' output.",
                    DeploymentCommands.class, true),
            new Entry("freeze", "Freeze windows: times in which deployments may not start.", FreezeCommands.class,
                    true),
            new Entry("repo", "Source repositories: hosted git repositories and external sources.",
                    RepoCommands.class, true),
            new Entry("completion", "Print a shell completion script: bash, zsh or fish.", CompletionCommand.class,
                    false));

    /** The exit statuses, as {@code hoist --help} and docs/cli.md list them. */
    public static final List<String[]> EXIT_CODES = List.of(
            new String[] {"0", "done"},
            new String[] {"1", "the controller refused the request (its error code and message are printed)"},
            new String[] {"2", "the command line is wrong (usage)"},
            new String[] {"3", "the controller could not be reached"},
            new String[] {"4", "the API token is missing, unknown, or its role is too low"},
            new String[] {"5", "deploy --wait: the deployment Failed"},
            new String[] {"6", "deploy --wait: the deployment was Stopped"},
            new String[] {"7", "deploy --wait: --timeout passed; the deployment goes on"});

    private CommandIndex() {
    }

    /** The entry named {@code name}, or {@code null}. */
    public static Entry find(String name) {
        for (Entry entry : ENTRIES) {
            if (entry.name().equals(name)) {
                return entry;
            }
        }
        return null;
    }

    static void printHelp(PrintWriter out) {
        out.println("Usage: hoist [-hV] COMMAND");
        out.println(DESCRIPTION);
        out.println("Connects to the controller named by --url/--token, else $HOIST_URL/$HOIST_TOKEN, else the");
        out.println("current context (hoist login), else http://127.0.0.1:8080 with the local controller's");
        out.println("hoist-data/admin.token ($HOIST_DATA_DIR/admin.token).");
        out.println("  -h, --help      Show this help message and exit.");
        out.println("  -V, --version   Print version information and exit.");
        out.println("Commands:");
        for (Entry entry : ENTRIES) {
            out.println("  " + pad(entry.name(), 12) + entry.description());
        }
        out.println("  " + pad("help", 12) + "Display help information about the specified command.");
        out.println("Exit codes:");
        for (String[] code : EXIT_CODES) {
            out.println("  " + code[0] + "   " + code[1]);
        }
        out.println("Run 'hoist COMMAND --help' for a command's options.");
    }

    private static String pad(String text, int width) {
        return text.length() >= width ? text + " " : text + " ".repeat(width - text.length());
    }
}
