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
 *
 * <p>Secret values are hidden before a line is decoded or handed on. A long line is cut only where no
 * value can straddle the cut: the whole buffer is masked first, and the last (longest value - 1) bytes
 * are carried into the next piece, so a piece may run that much over the line limit.
 */
final class OutputPump implements Runnable {

    private final Source source;
    private final OutputLine.Stream stream;
    private final String script;
    private final int maxLineBytes;
    private final Consumer<OutputLine> sink;
    private final Clock clock;
    private final SecretMask mask;

    /** Opens the stream to read, on the pump's own thread (opening a named pipe waits for its writer). */
    interface Source {
        InputStream open() throws IOException;
    }

    OutputPump(Source source, OutputLine.Stream stream, String script, int maxLineBytes,
            Consumer<OutputLine> sink, Clock clock) {
        this(source, stream, script, maxLineBytes, sink, clock, SecretMask.NONE);
    }

    OutputPump(Source source, OutputLine.Stream stream, String script, int maxLineBytes,
            Consumer<OutputLine> sink, Clock clock, SecretMask mask) {
        this.mask = mask;
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
        int carry = Math.max(0, mask.longestBytes() - 1);
        byte[] line = new byte[maxLineBytes + carry];
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
                            length = emitPiece(line, length, carry);
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
        byte[] masked = mask.isEmpty() ? bytes : mask.apply(bytes, length);
        int size = mask.isEmpty() ? length : masked.length;
        int end = size > 0 && masked[size - 1] == '\r' ? size - 1 : size;
        sink.accept(new OutputLine(clock.instant(), stream, script, new String(masked, 0, end, StandardCharsets.UTF_8)));
    }

    /**
     * Hands on the full buffer but its last {@code carry} bytes (after masking), which move to its start;
     * returns how many bytes the buffer holds now.
     */
    private int emitPiece(byte[] line, int length, int carry) {
        if (carry == 0) {
            emit(line, length);
            return 0;
        }
        byte[] masked = mask.apply(line, length);
        int kept = Math.min(carry, masked.length);
        int cut = masked.length - kept;
        if (cut > 0) {
            sink.accept(new OutputLine(clock.instant(), stream, script, new String(masked, 0, cut, StandardCharsets.UTF_8)));
        }
        System.arraycopy(masked, cut, line, 0, kept);
        return kept;
    }
}
