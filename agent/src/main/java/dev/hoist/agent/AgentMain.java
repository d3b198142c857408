package dev.hoist.agent;

import dev.hoist.agent.enroll.EnrollCommand;
import dev.hoist.agent.local.LocalCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Entry point of {@code hoist-agent}: picks the command ({@code enroll}, {@code run}, {@code local}).
 * {@code run}'s daemon is wired in one place, {@link AgentAssembly}.
 */
@Command(
        name = "hoist-agent",
        mixinStandardHelpOptions = true,
        versionProvider = AgentVersion.class,
        description = "The Hoist agent: runs deployments on this server.",
        subcommands = {EnrollCommand.class, RunCommand.class, LocalCommand.class})
public final class AgentMain implements Runnable {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        AgentLogging.configure(System.getenv("HOIST_AGENT_LOG_LEVEL"));
        System.exit(new CommandLine(new AgentMain()).execute(args));
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(),
                "name a command: enroll, run or local (see --help)");
    }
}
