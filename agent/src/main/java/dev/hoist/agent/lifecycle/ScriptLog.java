package dev.hoist.agent.lifecycle;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * A deployment's {@code logs/scripts.log}: every output line, timestamped, with its event, script and
 * stream. Bounded: when the file passes half of {@code maxBytes} it becomes {@code scripts.log.1}
 * (replacing the older one) and a new file starts, so the newest lines are kept and the two files never
 * hold much more than {@code maxBytes}. Safe to call from the stdout and stderr readers at once.
 */
public final class ScriptLog implements AutoCloseable {

    private static final long FLUSH_INTERVAL_NANOS = 200_000_000L;

    private final Path file;
    private final long rotateAt;
    private BufferedWriter writer;
    private long size;
    private long lastFlush = System.nanoTime();
    private IOException failure;

    public ScriptLog(Path file, long maxBytes) throws IOException {
        if (maxBytes < 2048) {
            throw new IllegalArgumentException("the scripts.log limit must be at least 2048 bytes, got " + maxBytes);
        }
        this.file = file;
        this.rotateAt = maxBytes / 2;
        Files.createDirectories(file.getParent());
        this.size = Files.exists(file) ? Files.size(file) : 0;
        this.writer = open();
    }

    public Path file() {
        return file;
    }

    /** Appends one line. An I/O error is kept (see {@link #failure}) rather than stopping the script. */
    public synchronized void write(String event, OutputLine line) {
        if (failure != null) {
            return;
        }
        String text = line.at() + " " + event + " " + (line.script().isEmpty() ? "-" : line.script()) + " ["
                + line.stream().name().toLowerCase() + "] " + line.text() + "\n";
        try {
            if (size > 0 && size + text.length() > rotateAt) {
                rotate();
            }
            writer.write(text);
            size += text.getBytes(StandardCharsets.UTF_8).length;
            long now = System.nanoTime();
            if (now - lastFlush > FLUSH_INTERVAL_NANOS) {
                writer.flush();
                lastFlush = now;
            }
        } catch (IOException e) {
            failure = e;
        }
    }

    public synchronized void flush() {
        try {
            writer.flush();
        } catch (IOException e) {
            failure = e;
        }
    }

    /** The first write error, or {@code null}. */
    public synchronized IOException failure() {
        return failure;
    }

    @Override
    public synchronized void close() throws IOException {
        writer.close();
    }

    private void rotate() throws IOException {
        writer.close();
        Files.move(file, file.resolveSibling(file.getFileName() + ".1"), StandardCopyOption.REPLACE_EXISTING);
        size = 0;
        writer = open();
    }

    private BufferedWriter open() throws IOException {
        return new BufferedWriter(new OutputStreamWriter(Files.newOutputStream(file, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND), StandardCharsets.UTF_8), 64 * 1024);
    }
}
