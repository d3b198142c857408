package dev.hoist.agent.lifecycle;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.function.Consumer;

/**
 * Reads one of a script's output streams on its own thread and hands each line on as it comes. Memory
 * is bounded whatever the script writes: a line longer than the limit is passed on in pieces, and
 * nothing is kept once handed on. Ends when the stream closes, that is when every process holding the
 * pipe's write end has exited or closed it.
 */
final class OutputPump implements Runnable {

    private final Source source;
    private final OutputLine.Stream stream;
    private final String script;
    private final int maxLineBytes;
    private final Consumer<OutputLine> sink;
    private final Clock clock;

    /** Opens the stream to read, on the pump's own thread (opening a named pipe waits for its writer). */
    interface Source {
        InputStream open() throws IOException;
    }

    OutputPump(Source source, OutputLine.Stream stream, String script, int maxLineBytes,
            Consumer<OutputLine> sink, Clock clock) {
        this.source = source;
        this.stream = stream;
        this.script = script;
        this.maxLineBytes = maxLineBytes;
        this.sink = sink;
        this.clock = clock;
    }

    @Override
    public void run() {
        byte[] buffer = new byte[8192];
        byte[] line = new byte[maxLineBytes];
        int length = 0;
        try (InputStream in = source.open()) {
            int read;
            while ((read = in.read(buffer)) >= 0) {
                for (int i = 0; i < read; i++) {
                    byte b = buffer[i];
                    if (b == '\n') {
                        emit(line, length);
                        length = 0;
                    } else {
                        if (length == line.length) {
                            emit(line, length);
                            length = 0;
                        }
                        line[length++] = b;
                    }
                }
            }
        } catch (IOException e) {
            // The pipe was closed under us (the group was killed or the agent is stopping): keep what came.
        }
        if (length > 0) {
            emit(line, length);
        }
    }

    private void emit(byte[] bytes, int length) {
        int end = length > 0 && bytes[length - 1] == '\r' ? length - 1 : length;
        sink.accept(new OutputLine(clock.instant(), stream, script, new String(bytes, 0, end, StandardCharsets.UTF_8)));
    }
}
