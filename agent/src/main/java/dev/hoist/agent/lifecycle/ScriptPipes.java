package dev.hoist.agent.lifecycle;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The stdout and stderr of one script, as two named pipes that only the agent's reader threads read.
 *
 * <p>Why not the JDK's own process pipes: when the script's process exits, the JDK drains and closes
 * the read end of those pipes itself unless a reader happens to be blocked in {@code read} at that very
 * moment. Whether a background child still holds the script's output would then depend on thread timing,
 * and {@code OUTPUTS_LEFT_OPEN} could not be told apart from a clean exit. With named pipes the read end
 * is ours: it reaches end-of-file exactly when the last process holding the write end lets go.
 *
 * <p>The script's process gets the write ends through {@link ProcessBuilder#redirectOutput(java.io.File)}:
 * the JDK opens them before it starts the process (an open that waits until the reader has opened its
 * end, so start the readers first) and closes its own copies once the process runs.
 */
final class ScriptPipes implements AutoCloseable {
    private final Path dir;

    private ScriptPipes(Path dir) {
        this.dir = dir;
    }

    /** Pairs made ahead by one {@code mkfifo}: a process start costs a hook as much as a short script. */
    private static final int BATCH = 4;
    private static final Deque<ScriptPipes> READY = new ArrayDeque<>();

    /**
     * Two new pipes, each in a private directory of its own: taken from the pairs made ahead, which are
     * made {@link #BATCH} at a time. Each pair serves one script only. A pair whose names are gone (a
     * cleaner of the temporary directory took them) is dropped. An agent that stops leaves at most
     * {@code BATCH - 1} unused pairs, empty, in the temporary directory.
     */
    static ScriptPipes create() throws IOException {
        synchronized (READY) {
            for (ScriptPipes ready; (ready = READY.poll()) != null; ) {
                if (Files.exists(ready.stdout()) && Files.exists(ready.stderr())) {
                    return ready;
                }
                ready.close();
            }
            READY.addAll(makeBatch());
            return READY.poll();
        }
    }

    private static List<ScriptPipes> makeBatch() throws IOException {
        List<ScriptPipes> made = new ArrayList<>();
        List<String> command = new ArrayList<>(List.of("mkfifo", "-m", "600"));
        try {
            for (int i = 0; i < BATCH; i++) {
                ScriptPipes pipes = new ScriptPipes(Files.createTempDirectory("hoist-hook-"));
                made.add(pipes);
                command.add(pipes.stdout().toString());
                command.add(pipes.stderr().toString());
            }
            Process mkfifo = new ProcessBuilder(command).redirectErrorStream(true).start();
            String said = new String(mkfifo.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!mkfifo.waitFor(10, TimeUnit.SECONDS) || mkfifo.exitValue() != 0) {
                mkfifo.destroyForcibly();
                throw new IOException("mkfifo failed" + (said.isEmpty() ? "" : ": " + said));
            }
            return made;
        } catch (IOException e) {
            made.forEach(ScriptPipes::close);
            throw e;
        } catch (InterruptedException e) {
            made.forEach(ScriptPipes::close);
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while creating the script's output pipes", e);
        }
    }

    Path stdout() {
        return dir.resolve("stdout");
    }

    Path stderr() {
        return dir.resolve("stderr");
    }

    /**
     * Lets readers still waiting to open their pipe go (they then read end-of-file): for when the
     * process never started, so no writer will ever come. Opening a named pipe for reading and writing
     * never blocks on Linux and counts as the writer a waiting reader needs; closing it is the end.
     */
    void releaseWaitingReaders() {
        for (Path pipe : new Path[] {stdout(), stderr()}) {
            try (RandomAccessFile ignored = new RandomAccessFile(pipe.toFile(), "rw")) {
                // nothing to write
            } catch (IOException gone) {
                // the pipe is already gone: nobody waits on it
            }
        }
    }

    /** Removes the pipes' names; readers that hold them open keep reading until end-of-file. */
    @Override
    public void close() {
        try {
            Files.deleteIfExists(stdout());
            Files.deleteIfExists(stderr());
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            // a leftover empty temp directory is harmless
        }
    }
}
