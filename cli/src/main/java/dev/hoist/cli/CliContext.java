package dev.hoist.cli;

import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

/**
 * What a command may use from the outside world, passed in rather than read from globals so that
 * tests run the real CLI in-process with their own environment and captured output.
 *
 * @param environment the process environment ({@code HOIST_URL}, {@code HOIST_TOKEN}, {@code HOIST_DATA_DIR})
 * @param workingDirectory where {@code ./hoist-data/admin.token} is looked for
 * @param terminal whether {@code out} is a terminal a person watches, so live progress may redraw in place
 * @param in standard input ({@code hoist login} reads a token from it, {@code hoist secret set} a value;
 *     never from the command line)
 */
public record CliContext(Map<String, String> environment, Path workingDirectory, PrintWriter out, PrintWriter err,
        Clock clock, boolean terminal, InputStream in) {

    /** A context whose output is not a terminal and whose standard input is empty (tests, pipes). */
    public CliContext(Map<String, String> environment, Path workingDirectory, PrintWriter out, PrintWriter err,
            Clock clock) {
        this(environment, workingDirectory, out, err, clock, false, InputStream.nullInputStream());
    }

    public static CliContext ofProcess() {
        // System.console() is non-null only when both stdin and stdout are terminals; TERM=dumb
        // (Emacs shells, some CI runners) cannot move the cursor.
        boolean terminal = System.console() != null && !"dumb".equals(System.getenv("TERM"));
        return new CliContext(System.getenv(), Path.of("").toAbsolutePath(), new PrintWriter(System.out, true),
                new PrintWriter(System.err, true), Clock.systemUTC(), terminal, System.in);
    }
}
