package dev.hoist.cli;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

/** One in-process run of the real CLI, with its own environment and captured output. */
public record CliRun(int exitCode, String out, String err) {

    public static CliRun run(Map<String, String> env, Path workingDir, String... args) {
        return withInput(env, workingDir, "", args);
    }

    /** A run with {@code stdin} on standard input (which is not a terminal). */
    public static CliRun withInput(Map<String, String> env, Path workingDir, String stdin, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Map<String, String> withConfig = new HashMap<>(env);
        // never the real ~/.config/hoist of whoever runs the tests
        withConfig.putIfAbsent("XDG_CONFIG_HOME", workingDir.resolve(".config").toString());
        int exit = HoistCli.execute(new CliContext(withConfig, workingDir, new PrintWriter(out), new PrintWriter(err),
                Clock.systemUTC(), false, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8))), args);
        return new CliRun(exit, out.toString(), err.toString());
    }
}
