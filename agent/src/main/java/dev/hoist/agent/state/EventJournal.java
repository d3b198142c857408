package dev.hoist.agent.state;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Remembers, per deployment group, the lifecycle event in flight, so that an agent that crashed or was
 * restarted during a hook can say so at once ({@code FAILED_AFTER_RESTART}) instead of leaving the
 * controller waiting for a timeout.
 *
 * <p>The entry is written atomically before an event starts and removed after it ends. An entry found
 * while no deployment of the group holds the group lock is therefore a leftover of a run that died.
 *
 * <p>Entries are not forced to disk ({@link AtomicFiles#replace}): they are read after the agent's process
 * died, when the kernel still has them, and they name hooks that only a running machine can have left
 * behind. After a crash of the whole machine an entry may be missing (the command ledger, which is forced,
 * still says the command was running, and it is reported failed) or one already removed may be back (its
 * command is then finished in the ledger, and the entry is dropped: see
 * {@code AgentDeployments.recoverAfterRestart}). Forcing them cost three disk flushes per lifecycle event.
 */
public final class EventJournal {

    private static final String MAGIC = "hoist-in-flight v1";

    private final DeploymentLayout layout;

    public EventJournal(DeploymentLayout layout) {
        this.layout = layout;
    }

    /**
     * Records that {@code event} of {@code deploymentId} starts now; written again with the process group
     * of each hook it starts, so a restart can stop a hook the dead agent left running.
     */
    public void begin(InFlightEvent entry) throws IOException {
        String text = MAGIC + "\n"
                + "group=" + entry.groupId() + "\n"
                + "deployment=" + entry.deploymentId() + "\n"
                + "command=" + entry.commandId() + "\n"
                + "event=" + entry.event() + "\n"
                + "started=" + entry.startedAt() + "\n"
                + (entry.processGroup() > 0 ? "pgid=" + entry.processGroup() + "\n"
                        + "process=" + entry.processToken() + "\n" : "");
        AtomicFiles.replace(layout.journal(entry.groupId()), text);
    }

    /** Records that the group has no event in flight. */
    public void clear(String groupId) throws IOException {
        AtomicFiles.remove(layout.journal(groupId));
    }

    /**
     * The leftover entry of {@code groupId}, if any, removed from the journal. The caller must hold
     * the group's lock, so the entry cannot belong to a deployment that is still running.
     */
    public Optional<InFlightEvent> takeInterrupted(String groupId) throws IOException {
        Path file = layout.journal(groupId);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        Optional<InFlightEvent> entry = read(groupId, file);
        clear(groupId);
        return entry;
    }

    /**
     * Every leftover entry under the root, removed from the journal: what the connection layer reports
     * as {@code FAILED_AFTER_RESTART} when it reconnects. Call it once at start-up, before any
     * deployment runs.
     */
    public List<InFlightEvent> takeAllInterrupted() throws IOException {
        List<InFlightEvent> found = new ArrayList<>();
        if (!Files.isDirectory(layout.root())) {
            return found;
        }
        try (DirectoryStream<Path> groups = Files.newDirectoryStream(layout.root(), Files::isDirectory)) {
            for (Path group : groups) {
                takeInterrupted(group.getFileName().toString()).ifPresent(found::add);
            }
        }
        return found;
    }

    private static Optional<InFlightEvent> read(String groupId, Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        if (lines.isEmpty() || !lines.get(0).equals(MAGIC)) {
            // Written atomically, so this is damage from outside; there was still an event in flight.
            return Optional.of(new InFlightEvent(groupId, "unknown", "", "unknown", Instant.EPOCH));
        }
        Map<String, String> values = new HashMap<>();
        for (String line : lines.subList(1, lines.size())) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                values.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        Instant started;
        try {
            started = Instant.parse(values.getOrDefault("started", ""));
        } catch (DateTimeParseException e) {
            started = Instant.EPOCH;
        }
        long pgid;
        try {
            pgid = Long.parseLong(values.getOrDefault("pgid", "0"));
        } catch (NumberFormatException e) {
            pgid = 0;
        }
        return Optional.of(new InFlightEvent(groupId, values.getOrDefault("deployment", "unknown"),
                values.getOrDefault("command", ""), values.getOrDefault("event", "unknown"), started,
                Math.max(0, pgid), values.getOrDefault("process", "")));
    }
}
