package dev.hoist.controller.testing;

import dev.hoist.controller.core.deploy.AgentReports;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An {@link AgentReports} that keeps every call, in order, for tests to look at; it stands in for the
 * orchestrator. Results are acknowledged at once, as if committed, unless {@link #holdAcknowledgements}
 * keeps their acknowledgements back, as a commit that has not happened (yet) would.
 */
public final class RecordingAgentReports implements AgentReports {

    /** One call: {@code kind} is connected, ack, event, logs or result. */
    public record Report(String agentId, String kind, Object payload) {
    }

    /** A command acknowledgement. */
    public record Ack(String commandId, boolean accepted, String message) {
    }

    private final List<Report> reports = new CopyOnWriteArrayList<>();
    private final List<Runnable> heldAcknowledgements = new java.util.ArrayList<>();
    private boolean holding;

    /** While on, results are recorded but their acknowledgements wait (for {@link #releaseAcknowledgements}). */
    public synchronized void holdAcknowledgements(boolean hold) {
        this.holding = hold;
    }

    /** Runs the acknowledgements held back so far, as a commit that finally succeeded would. */
    public void releaseAcknowledgements() {
        List<Runnable> held;
        synchronized (this) {
            held = List.copyOf(heldAcknowledgements);
            heldAcknowledgements.clear();
        }
        held.forEach(Runnable::run);
    }

    /** Forgets the acknowledgements held back, as a controller killed before its commit would. */
    public synchronized void dropAcknowledgements() {
        heldAcknowledgements.clear();
    }

    public List<Report> all() {
        return List.copyOf(reports);
    }

    public List<Report> of(String agentId) {
        return reports.stream().filter(r -> r.agentId().equals(agentId)).toList();
    }

    @SuppressWarnings("unchecked")
    private <T> List<T> payloads(String agentId, String kind) {
        List<T> found = new ArrayList<>();
        for (Report report : reports) {
            if (report.agentId().equals(agentId) && report.kind().equals(kind)) {
                found.add((T) report.payload());
            }
        }
        return found;
    }

    public List<Ack> acks(String agentId) {
        return payloads(agentId, "ack");
    }

    public List<EventReport> events(String agentId) {
        return payloads(agentId, "event");
    }

    /** The events of one command, in order. */
    public List<EventReport> events(String agentId, String commandId) {
        return events(agentId).stream().filter(e -> e.commandId().equals(commandId)).toList();
    }

    public List<LogBatch> logs(String agentId) {
        return payloads(agentId, "logs");
    }

    /** The log lines of one command, without the duplicates a resend may bring (by line number). */
    public List<LogEntry> lines(String agentId, String commandId) {
        List<LogEntry> lines = new ArrayList<>();
        long next = 1;
        for (LogBatch batch : logs(agentId)) {
            if (!batch.commandId().equals(commandId)) {
                continue;
            }
            for (int i = 0; i < batch.lines().size(); i++) {
                if (batch.firstLineNumber() + i == next) {
                    lines.add(batch.lines().get(i));
                    next++;
                }
            }
        }
        return lines;
    }

    public List<HostOutcome> results(String agentId) {
        return payloads(agentId, "result");
    }

    public List<List<String>> connections(String agentId) {
        return payloads(agentId, "connected");
    }

    @Override
    public void agentConnected(String agentId, List<String> pendingCommandIds) {
        reports.add(new Report(agentId, "connected", List.copyOf(pendingCommandIds)));
    }

    @Override
    public void commandAcknowledged(String agentId, String commandId, boolean accepted, String message) {
        reports.add(new Report(agentId, "ack", new Ack(commandId, accepted, message)));
    }

    @Override
    public void eventStatus(String agentId, EventReport report) {
        reports.add(new Report(agentId, "event", report));
    }

    @Override
    public void logLines(String agentId, LogBatch batch) {
        reports.add(new Report(agentId, "logs", batch));
    }

    @Override
    public void hostResult(String agentId, HostOutcome outcome, Runnable acknowledge) {
        reports.add(new Report(agentId, "result", outcome));
        synchronized (this) {
            if (holding) {
                heldAcknowledgements.add(acknowledge);
                return;
            }
        }
        acknowledge.run();
    }
}
