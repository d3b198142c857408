package dev.hoist.agent.upgrade;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Puts a new agent distribution beside the running one and makes it the one the supervisor starts. The
 * steps, each safe to crash in:
 * <ol>
 *   <li>{@link #unpack}: the tarball (its digest already checked against the command's) into
 *       {@code releases/.<name>.part}, renamed to {@code releases/<name>} once complete; {@code <name>} is
 *       the first 16 hex digits of its SHA-256, as the installer names releases;</li>
 *   <li>{@link #check}: its {@code VERSION} is the version asked for, and its launcher starts its own Java
 *       runtime and prints {@code hoist-agent VERSION}: a build that cannot start stops here, before anything
 *       the running agent depends on has changed;</li>
 *   <li>{@link #switchTo}: {@code current} flips to it in one rename.</li>
 * </ol>
 */
public final class AgentUpgrader {
    private final InstallLayout layout;
    private final Duration checkTimeout;

    public AgentUpgrader(InstallLayout layout, Duration checkTimeout) {
        this.layout = layout;
        this.checkTimeout = checkTimeout;
    }

    public InstallLayout layout() {
        return layout;
    }

    /** Unpacks {@code tarball} as release {@code sha256}'s, or finds it unpacked already; returns its directory. */
    public Path unpack(Path tarball, String sha256, Consumer<String> note) throws UpgradeException, InterruptedException {
        Path release = layout.releases().resolve(sha256.substring(0, 16));
        if (Files.isDirectory(release)) {
            note.accept("release " + release + " is unpacked already");
            return release;
        }
        Path part = layout.releases().resolve("." + release.getFileName() + ".part");
        try {
            removeTree(part);
            Files.createDirectories(part);
            Output tar = run(List.of("tar", "--no-same-owner", "-xzf", tarball.toString(), "-C", part.toString()),
                    Duration.ofMinutes(5));
            if (tar.exitCode() != 0) {
                throw new UpgradeException("cannot unpack the agent distribution (tar exited with " + tar.exitCode()
                        + "): " + tar.tail());
            }
            Path home = part.resolve("hoist-agent");
            if (!Files.isRegularFile(home.resolve("bin/hoist-agent")) || !Files.isRegularFile(home.resolve("VERSION"))) {
                throw new UpgradeException("the distribution holds no hoist-agent/bin/hoist-agent and "
                        + "hoist-agent/VERSION: it is not an agent distribution made by agent/src/dist/make-dist");
            }
            Files.move(home, release, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UpgradeException("cannot unpack the agent distribution into " + layout.releases() + ": "
                    + e.getMessage());
        } finally {
            try {
                removeTree(part);
            } catch (IOException e) {
                note.accept("could not remove " + part + " (" + e.getMessage() + "); the next upgrade replaces it");
            }
        }
        note.accept("unpacked the agent distribution into " + release);
        return release;
    }

    /** Checks that {@code release} is {@code version} and starts: its launcher prints its version. */
    public void check(Path release, String version, Consumer<String> note) throws UpgradeException, InterruptedException {
        String found;
        try {
            found = Files.readString(release.resolve("VERSION")).trim();
        } catch (IOException e) {
            throw new UpgradeException("cannot read " + release.resolve("VERSION") + ": " + e.getMessage());
        }
        if (!found.equals(version)) {
            throw new UpgradeException("the distribution is version " + found + ", not " + version);
        }
        Output started;
        try {
            started = run(List.of(release.resolve("bin/hoist-agent").toString(), "--version"), checkTimeout);
        } catch (IOException e) {
            throw new UpgradeException("the new agent " + version + " cannot be started (" + e.getMessage() + ")");
        }
        String expected = "hoist-agent " + version;
        if (started.exitCode() != 0 || !started.text().strip().equals(expected)) {
            throw new UpgradeException("the new agent " + version + " does not start: `bin/hoist-agent --version` "
                    + (started.exitCode() == 0 ? "printed '" + started.tail() + "', not '" + expected + "'"
                    : "exited with " + started.exitCode() + ": " + started.tail())
                    + "; the running agent stays as it is");
        }
        note.accept("the new agent starts: " + expected);
    }

    /** Points {@code current} at {@code release} in one rename. */
    public void switchTo(Path release) throws IOException {
        Path link = layout.root().resolve(".current.next");
        Files.deleteIfExists(link);
        Files.createSymbolicLink(link, layout.root().relativize(release));
        Files.move(link, layout.current(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** Removes a release this upgrade unpacked and that is neither running nor current. */
    public void discard(Path release) {
        try {
            if (!release.toRealPath().equals(layout.running()) && !release.toRealPath().equals(layout.currentRelease())) {
                removeTree(release);
            }
        } catch (IOException e) {
            // Left for the next upgrade or the installer: a stray release takes space, nothing else.
        }
    }

    /** Deletes {@code dir} and what it holds, never following a link out of it. */
    private static void removeTree(Path dir) throws IOException {
        if (!Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path path : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    private static Output run(List<String> command, Duration timeout) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getOutputStream().close();
        List<String> lines = new ArrayList<>();
        Thread reader = new Thread(() -> {
            try (var in = process.inputReader(StandardCharsets.UTF_8)) {
                String line;
                while ((line = in.readLine()) != null) {
                    synchronized (lines) {
                        lines.add(line);
                        if (lines.size() > 40) {
                            lines.remove(0);
                        }
                    }
                }
            } catch (IOException e) {
                // the process ended; what was read is enough
            }
        }, "hoist-agent-upgrade-output");
        reader.setDaemon(true);
        reader.start();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
            return new Output(-1, "did not finish within " + timeout.toSeconds() + " s");
        }
        reader.join(TimeUnit.SECONDS.toMillis(5));
        synchronized (lines) {
            return new Output(process.exitValue(), String.join("\n", lines));
        }
    }

    private record Output(int exitCode, String text) {
        String tail() {
            String flat = text.strip().replace('\n', ' ');
            return flat.length() <= 400 ? flat : "..." + flat.substring(flat.length() - 400);
        }
    }

    /** The upgrade cannot go on; the message says why and what to do. */
    public static final class UpgradeException extends Exception {
        public UpgradeException(String message) {
            super(message);
        }
    }
}
