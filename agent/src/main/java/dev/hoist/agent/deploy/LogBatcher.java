package dev.hoist.agent.deploy;

import dev.hoist.agent.exchange.LogBatch;
import dev.hoist.agent.lifecycle.OutputLine;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Turns one command's output lines into {@link LogBatch} reports: a batch goes out when it holds
 * {@code maxLines} lines or {@code maxBytes} of text, when the event changes, or {@code delay} after its
 * first line, whichever comes first. Lines are numbered per command from 1, so the controller can drop
 * the duplicates a resend brings. Thread-safe: a script's stdout and stderr readers call it at once.
 */
final class LogBatcher {
    private final String commandId;
    private final String deploymentId;
    private final ReportOutbox outbox;
    private final ScheduledExecutorService timer;
    private final Duration delay;
    private final int maxLines;
    private final int maxBytes;
    private final List<OutputLine> lines = new ArrayList<>();
    private String event;
    private long nextLineNumber = 1;
    private int bytes;
    private ScheduledFuture<?> pendingFlush;

    LogBatcher(String commandId, String deploymentId, ReportOutbox outbox,
            ScheduledExecutorService timer, Duration delay, int maxLines, int maxBytes) {
        this.commandId = commandId;
        this.deploymentId = deploymentId;
        this.outbox = outbox;
        this.timer = timer;
        this.delay = delay;
        this.maxLines = maxLines;
        this.maxBytes = maxBytes;
    }

    synchronized void add(String lineEvent, OutputLine line) {
        if (!lineEvent.equals(event)) {
            flush();
            event = lineEvent;
        }
        lines.add(line);
        bytes += line.text().getBytes(StandardCharsets.UTF_8).length + line.script().length() + 16;
        if (lines.size() >= maxLines || bytes >= maxBytes) {
            flush();
        } else if (pendingFlush == null) {
            pendingFlush = timer.schedule(this::flush, delay.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** Sends what is batched now (at the end of an event, and at the end of the command). */
    synchronized void flush() {
        if (pendingFlush != null) {
            pendingFlush.cancel(false);
            pendingFlush = null;
        }
        if (lines.isEmpty()) {
            return;
        }
        outbox.send(new LogBatch(commandId, deploymentId, event, nextLineNumber, lines));
        nextLineNumber += lines.size();
        lines.clear();
        bytes = 0;
    }
}
