package dev.hoist.cli.completion;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hoist.cli.CliRun;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The completion scripts in a real bash: syntax checked by {@code bash -n}, then loaded and asked, the way
 * the shell asks on TAB, with a {@code hoist} on the PATH that runs this very build of the CLI.
 */
class CompletionScriptTest {
    @TempDir
    Path dir;

    @Test
    void bashAcceptsTheScript() throws Exception {
        Path script = dir.resolve("hoist.bash");
        Files.writeString(script, CliRun.run(Map.of(), dir, "completion", "bash").out());

        Shell check = shell(List.of("bash", "-n", script.toString()));

        assertThat(check.exit()).as(check.output()).isZero();
    }

    @Test
    void bashCompletesCommandsOptionsAndFixedValues() throws Exception {
        assertThat(complete("hoist", "dep")).containsExactlyInAnyOrder("deploy", "deployment");
        assertThat(complete("hoist", "deployment", "")).contains("list", "get", "stop", "logs");
        assertThat(complete("hoist", "agent", "list", "--st")).containsExactly("--state");
        assertThat(complete("hoist", "agent", "list", "--output", "y")).containsExactly("yaml");
        assertThat(complete("hoist", "completion", "")).containsExactlyInAnyOrder("bash", "zsh", "fish");
        assertThat(complete("hoist", "")).contains("login", "context", "version", "completion")
                .doesNotContain(Completer.COMMAND);
    }

    @Test
    void everyShellGetsAScriptThatAsksTheHiddenCommand() {
        for (String shell : List.of("bash", "zsh", "fish")) {
            CliRun run = CliRun.run(Map.of(), dir, "completion", shell);
            assertThat(run.exitCode()).as(shell).isZero();
            assertThat(run.out()).as(shell).contains(Completer.COMMAND).contains("hoist");
        }
        assertThat(CliRun.run(Map.of(), dir, "completion", "tcsh").exitCode()).isEqualTo(2);
    }

    @Test
    void zshLoadsTheScriptAndItsFunctionOffersTheCandidates() throws Exception {
        requireShell("zsh");
        Path script = dir.resolve("_hoist");
        Files.writeString(script, CliRun.run(Map.of(), dir, "completion", "zsh").out());
        assertThat(shell(List.of("zsh", "-n", script.toString())).exit()).isZero();

        // zsh's completion system needs a terminal; its two builtins the script calls are stood in for.
        String program = "compdef() { print -r -- \"compdef $*\" }\n"
                + "compadd() { [[ $1 == -a ]] && print -rl -- \"${(@P)2}\" }\n"
                + "source '" + script + "'\n"
                + "words=(hoist dep); CURRENT=2; _hoist\n";
        Shell run = shell(List.of("zsh", "-f", "-c", program), hoistOnPath());

        assertThat(run.exit()).as(run.output()).isZero();
        assertThat(run.output().lines()).containsExactly("compdef _hoist hoist", "deploy", "deployment");
    }

    @Test
    void fishCompletesCommandsWithTheScriptLoaded() throws Exception {
        requireShell("fish");
        Path script = dir.resolve("hoist.fish");
        Files.writeString(script, CliRun.run(Map.of(), dir, "completion", "fish").out());
        assertThat(shell(List.of("fish", "--no-execute", script.toString())).exit()).isZero();

        Shell run = shell(List.of("fish", "--no-config", "-c", "source '" + script + "'; complete -C 'hoist dep'"),
                hoistOnPath());

        assertThat(run.exit()).as(run.output()).isZero();
        assertThat(run.output().lines().map(line -> line.split("\t")[0])).containsExactlyInAnyOrder(
                "deploy", "deployment");
    }

    /** .ci/run installs zsh and fish; elsewhere, a machine without them skips these tests. */
    private static void requireShell(String name) {
        boolean present = Stream.of(System.getenv("PATH").split(":"))
                .anyMatch(directory -> Files.isExecutable(Path.of(directory, name)));
        if ("true".equals(System.getenv("CI"))) {
            assertThat(present).as("Debian's " + name + " (apt-get install " + name + ")").isTrue();
        } else {
            Assumptions.assumeTrue(present, "skipped: needs Debian's " + name + " (apt-get install " + name + ")");
        }
    }

    /** A directory holding a {@code hoist} that runs this very build of the CLI. */
    private Path hoistOnPath() throws IOException {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path hoist = bin.resolve("hoist");
        Files.writeString(hoist, "#!/usr/bin/env bash\nexec '" + javaBinary() + "' -cp '"
                + System.getProperty("java.class.path") + "' dev.hoist.cli.HoistCli \"$@\"\n");
        Files.setPosixFilePermissions(hoist, PosixFilePermissions.fromString("rwx------"));
        return bin;
    }

    /** What TAB offers after {@code words} (the last one is being completed) in bash with the script loaded. */
    private List<String> complete(String... words) throws Exception {
        Path bin = hoistOnPath();
        Path script = dir.resolve("hoist.bash");
        Files.writeString(script, CliRun.run(Map.of(), dir, "completion", "bash").out());
        StringBuilder array = new StringBuilder();
        for (String word : words) {
            array.append(" '").append(word).append('\'');
        }
        String program = "source '" + script + "'\n"
                + "COMP_WORDS=(" + array + ")\n"
                + "COMP_CWORD=" + (words.length - 1) + "\n"
                + "_hoist_complete\n"
                + "printf '%s\\n' \"${COMPREPLY[@]}\"\n";
        Shell run = shell(List.of("bash", "-c", program), bin);
        assertThat(run.exit()).as(run.output()).isZero();
        return run.output().lines().filter(line -> !line.isEmpty()).toList();
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private record Shell(int exit, String output) {
    }

    private Shell shell(List<String> command) throws IOException, InterruptedException {
        return shell(command, null);
    }

    private Shell shell(List<String> command, Path bin) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).directory(dir.toFile());
        builder.environment().put("XDG_CONFIG_HOME", dir.resolve(".config").toString());
        builder.environment().put("HOIST_URL", "http://127.0.0.1:9"); // nothing there: no dynamic values
        if (bin != null) {
            builder.environment().put("PATH", bin + ":" + System.getenv("PATH"));
        }
        Process process = builder.start();
        process.getOutputStream().close();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the shell did not finish within 60 s: " + command);
        }
        return new Shell(process.exitValue(), new String(output, StandardCharsets.UTF_8));
    }
}
