package dev.hoist.agent.deploy;

import dev.hoist.agent.exchange.CommandReport;
import dev.hoist.agent.exchange.ControllerLink;
import dev.hoist.agent.exchange.EventProgress;
import dev.hoist.agent.exchange.LogBatch;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything this agent reported about its commands (event statuses, log lines, results), kept until
 * the controller acknowledges the command's result, and sent again, in the original order, each time
 * the controller accepts a new connection. The controller drops what it already has (statuses by
 * command, event and status; lines by number), so sending twice is harmless, and a report written into
 * a connection that was already dying is not lost.
 *
 * <p>Bounded: beyond {@code maxMessages} the oldest log batches go first, then the oldest statuses;
 * results are never dropped (they are also in the {@link CommandLedger}). Thread-safe; the link only
 * translates a report to its wire message and queues it on the connection's event loop, so holding the
 * lock while sending is cheap. It keeps the reports themselves, not wire messages: which kind goes
 * first when full is a question about {@link LogBatch} and {@link EventProgress}, not about protobuf.
 */
public final class ReportOutbox {
    private static final Logger LOG = LoggerFactory.getLogger(ReportOutbox.class);

    private final int maxMessages;
    private final ArrayDeque<CommandReport> kept = new ArrayDeque<>();
    private ControllerLink link;
    private long dropped;

    public ReportOutbox(int maxMessages) {
        this.maxMessages = maxMessages;
    }

    /** Keeps {@code report} and sends it now if the controller is connected. */
    synchronized void send(CommandReport report) {
        kept.add(report);
        if (kept.size() > maxMessages) {
            dropOne();
        }
        if (link != null) {
            link.send(report);
        }
    }

    /** The controller accepted {@code current}: everything kept goes out again, oldest first. */
    synchronized void attach(ControllerLink current) {
        this.link = current;
        if (dropped > 0) {
            LOG.warn("{} reports were dropped while the controller was unreachable (the oldest log lines "
                    + "first); the deployments' logs on the controller miss them, scripts.log on this host has "
                    + "them all", dropped);
            dropped = 0;
        }
        for (CommandReport report : kept) {
            current.send(report);
        }
    }

    /** The connection {@code lost} closed: keep everything until the next one. */
    synchronized void detach(ControllerLink lost) {
        if (link == lost) {
            link = null;
        }
    }

    /** The controller acknowledged the result of {@code commandId}: nothing about it needs sending again. */
    synchronized void forget(String commandId) {
        kept.removeIf(report -> report.commandId().equals(commandId));
    }

    synchronized int size() {
        return kept.size();
    }

    private void dropOne() {
        for (Class<? extends CommandReport> kind : List.of(LogBatch.class, EventProgress.class)) {
            Iterator<CommandReport> oldest = kept.iterator();
            while (oldest.hasNext()) {
                if (kind.isInstance(oldest.next())) {
                    oldest.remove();
                    if (link == null) {
                        dropped++; // never sent: lost for the controller
                    }
                    return;
                }
            }
        }
    }
}
