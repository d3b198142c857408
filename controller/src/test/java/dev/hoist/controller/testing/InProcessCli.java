package dev.hoist.controller.testing;

import dev.hoist.cli.CliContext;
import dev.hoist.cli.HoistCli;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

/**
 * One {@code hoist} command run in this JVM, as a user runs it: its exit status and what it printed. The
 * user's own configuration is never read: {@code XDG_CONFIG_HOME} is an empty directory under the working
 * directory unless {@code env} names one.
 */
public final class InProcessCli {
    public final int exit;
    public final String out;
    public final String err;

    private InProcessCli(int exit, String out, String err) {
        this.exit = exit;
        this.out = out;
        this.err = err;
    }

    public static InProcessCli run(Map<String, String> env, Path workDir, String stdin, String... args) {
        Map<String, String> environment = new HashMap<>(env);
        environment.putIfAbsent("XDG_CONFIG_HOME", workDir.resolve("no-config").toString());
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        try {
            Files.createDirectories(workDir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int exit = HoistCli.execute(new CliContext(environment, workDir, new PrintWriter(out), new PrintWriter(err),
                Clock.systemUTC(), false, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8))), args);
        return new InProcessCli(exit, out.toString(), err.toString());
    }

    public int exit() {
        return exit;
    }

    public String out() {
        return out;
    }

    public String err() {
        return err;
    }

    @Override
    public String toString() {
        return "exit " + exit + "\nout: " + out + "\nerr: " + err;
    }
}
