package dev.hoist.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

/** One in-process run of the real CLI, with its own environment and captured output. */
public record CliRun(int exitCode, String out, String err) {

    public static CliRun run(Map<String, String> env, Path workingDir, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = HoistCli.execute(new CliContext(env, workingDir, new PrintWriter(out), new PrintWriter(err),
                Clock.systemUTC()), args);
        return new CliRun(exit, out.toString(), err.toString());
    }
}
