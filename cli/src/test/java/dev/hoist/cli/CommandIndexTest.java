package dev.hoist.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The plain-code index that --help prints agrees with the commands themselves and with ExitCodes. */
class CommandIndexTest {
    @TempDir
    Path dir;

    @Test
    void eachEntryIsTheCommandOfThatNameWithTheSameDescription() {
        PrintWriter nowhere = new PrintWriter(new StringWriter());
        CommandLine tree = CommandTree.fullCommandLine(new CliContext(Map.of(), dir, nowhere, nowhere,
                Clock.systemUTC()));
        for (CommandIndex.Entry entry : CommandIndex.ENTRIES) {
            CommandLine command = tree.getSubcommands().get(entry.name());
            assertThat(command).as(entry.name()).isNotNull();
            assertThat(command.getCommandSpec().name()).isEqualTo(entry.name());
            assertThat(String.join("", command.getCommandSpec().usageMessage().description()))
                    .as(entry.name()).isEqualTo(entry.description());
        }
    }

    @Test
    void theHelpListsEveryCommandAndEveryExitCode() throws Exception {
        CliRun help = CliRun.run(Map.of(), dir, "--help");

        assertThat(help.exitCode()).isZero();
        for (CommandIndex.Entry entry : CommandIndex.ENTRIES) {
            assertThat(help.out()).contains("  " + entry.name() + " ");
        }
        List<Integer> codes = new ArrayList<>();
        for (Field field : ExitCodes.class.getFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == int.class) {
                codes.add(field.getInt(null));
            }
        }
        assertThat(codes).hasSize(CommandIndex.EXIT_CODES.size());
        for (int code : codes) {
            assertThat(help.out()).containsPattern("(?m)^  " + code + "   \\S");
        }
    }

    @Test
    void versionNeedsNoCommandTree() {
        CliRun version = CliRun.run(Map.of(), dir, "--version");

        assertThat(version.exitCode()).isZero();
        assertThat(version.out()).startsWith("hoist ");
    }
}
