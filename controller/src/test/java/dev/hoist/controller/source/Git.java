package dev.hoist.controller.source;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The real {@code git} command for tests, isolated from the user's configuration (its own HOME, no system
 * config, never prompting), each run bounded to a minute.
 */
final class Git {
    private final Path home;

    Git(Path home) {
        this.home = home;
        try {
            Files.createDirectories(home);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A finished run: exit status and both outputs. */
    record Run(int exit, String out, String err) {
        Run ok() {
            if (exit != 0) {
                throw new AssertionError("git failed (exit " + exit + "): " + err + out);
            }
            return this;
        }

        String line() {
            return out.strip();
        }
    }

    Run run(Path workDir, String... args) {
        List<String> command = new ArrayList<>();
        command.add("git");
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile());
        Map<String, String> env = builder.environment();
        env.put("HOME", home.toString());
        env.put("XDG_CONFIG_HOME", home.resolve(".config").toString());
        env.put("GIT_CONFIG_NOSYSTEM", "1");
        env.put("GIT_TERMINAL_PROMPT", "0");
        env.put("GIT_ASKPASS", "/bin/false");
        env.put("GIT_AUTHOR_NAME", "Ada Tester");
        env.put("GIT_AUTHOR_EMAIL", "ada@example.org");
        env.put("GIT_COMMITTER_NAME", "Ada Tester");
        env.put("GIT_COMMITTER_EMAIL", "ada@example.org");
        env.remove("GIT_DIR");
        try {
            Path out = Files.createTempFile(home, "git-out", ".txt");
            Path err = Files.createTempFile(home, "git-err", ".txt");
            builder.redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.PIPE);
            Process process = builder.start();
            process.getOutputStream().close();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("git " + String.join(" ", args) + " did not finish within 60 s");
            }
            return new Run(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** A new repository in {@code dir} with one commit on main: README, an executable script and a symlink. */
    Path newWorkingCopy(Path dir, String readme) throws IOException {
        Files.createDirectories(dir);
        run(dir, "init", "-q", "-b", "main").ok();
        Files.writeString(dir.resolve("README.md"), readme);
        Files.createDirectories(dir.resolve("bin"));
        Files.writeString(dir.resolve("bin/build.sh"), "#!/bin/sh\necho built\n");
        dir.resolve("bin/build.sh").toFile().setExecutable(true, false);
        Files.createSymbolicLink(dir.resolve("docs-link"), Path.of("README.md"));
        run(dir, "add", "-A").ok();
        run(dir, "commit", "-q", "-m", "First commit\n\nWith a body.").ok();
        return dir;
    }

    /** Commits a change to {@code file} and returns the new head's sha. */
    String commit(Path dir, String file, String content, String message) throws IOException {
        Files.writeString(dir.resolve(file), content);
        run(dir, "add", "-A").ok();
        run(dir, "commit", "-q", "-m", message).ok();
        return run(dir, "rev-parse", "HEAD").ok().line();
    }

    /** {@code -c http.extraHeader=Authorization: Basic ...} for {@code token} (any user name). */
    static String[] withToken(String token, String... args) {
        String basic = java.util.Base64.getEncoder().encodeToString(("hoist:" + token).getBytes(StandardCharsets.UTF_8));
        List<String> all = new ArrayList<>(List.of("-c", "http.extraHeader=Authorization: Basic " + basic));
        all.addAll(List.of(args));
        return all.toArray(String[]::new);
    }
}
