package dev.hoist.agent.deploy;

import dev.hoist.agent.state.AtomicFiles;
import dev.hoist.agent.state.FlatJson;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The commands this agent accepted or refused, and their results, one file per command under
 * {@code <state-dir>/commands/}, each written atomically (temp file, fsync, rename). It is what makes
 * a redelivered command harmless and a result survive a restart until the controller acknowledges it.
 *
 * <p>All records are read once at start and kept in memory (they are small), so a lookup on the
 * connection's event loop touches no file. Finished, acknowledged and refused records beyond the newest
 * {@code keepDone} are deleted; running and unacknowledged ones are always kept.
 */
public final class CommandLedger {
    private static final Logger LOG = LoggerFactory.getLogger(CommandLedger.class);
    /** Command ids become file names: letters, digits, dot, dash, underscore; at most 128. */
    private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
    private static final String SUFFIX = ".json";

    private final Path dir;
    private final int keepDone;
    private final Clock clock;
    private final Map<String, CommandRecord> records = new ConcurrentHashMap<>();

    private CommandLedger(Path dir, int keepDone, Clock clock) {
        this.dir = dir;
        this.keepDone = keepDone;
        this.clock = clock;
    }

    /** Reads the ledger in {@code dir}, creating it; a damaged record is set aside and logged. */
    public static CommandLedger open(Path dir, int keepDone, Clock clock) throws IOException {
        CommandLedger ledger = new CommandLedger(dir, keepDone, clock);
        Files.createDirectories(dir);
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*" + SUFFIX)) {
            for (Path file : files) {
                ledger.load(file);
            }
        }
        return ledger;
    }

    private void load(Path file) {
        try {
            CommandRecord record = CommandRecords.fromJson(FlatJson.read(Files.readAllBytes(file)));
            if (record.commandId() == null || !file.getFileName().toString().equals(record.commandId() + SUFFIX)) {
                throw new IOException("its command id does not match its file name");
            }
            records.put(record.commandId(), record);
        } catch (IOException e) {
            Path aside = file.resolveSibling(file.getFileName() + ".damaged");
            LOG.error("The command record {} cannot be read ({}); moved to {}. The controller will time out "
                    + "that command if it still waits for it.", file, e.getMessage(), aside);
            try {
                Files.move(file, aside, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException moveFailed) {
                LOG.warn("Cannot move {} aside: {}", file, moveFailed.toString());
            }
        }
    }

    /** Whether {@code commandId} can be kept here (it names a file). */
    public static boolean isValidId(String commandId) {
        return SAFE_ID.matcher(commandId).matches();
    }

    public Optional<CommandRecord> find(String commandId) {
        return Optional.ofNullable(records.get(commandId));
    }

    public List<CommandRecord> all() {
        return List.copyOf(records.values());
    }

    /** Ids of commands still running, or finished with a result the controller has not acknowledged. */
    public List<String> pendingIds() {
        return records.values().stream().filter(CommandRecord::pending).map(CommandRecord::commandId).sorted()
                .toList();
    }

    /** Writes {@code record} durably, then prunes old finished ones. */
    public synchronized void save(CommandRecord record) throws IOException {
        AtomicFiles.write(dir.resolve(record.commandId() + SUFFIX), FlatJson.write(CommandRecords.toJson(record), false));
        records.put(record.commandId(), record);
        prune();
    }

    /** The result of {@code commandId} has reached the controller. */
    public synchronized void resultAcknowledged(String commandId) throws IOException {
        CommandRecord record = records.get(commandId);
        if (record != null && CommandRecord.FINISHED.equals(record.state()) && !record.resultAcknowledged()) {
            save(record.acknowledged(clock.millis()));
        }
    }

    long now() {
        return clock.millis();
    }

    private void prune() {
        List<CommandRecord> done = records.values().stream().filter(r -> !r.pending())
                .sorted(Comparator.comparingLong(CommandRecord::updatedAtMillis).reversed()).toList();
        for (CommandRecord old : done.subList(Math.min(keepDone, done.size()), done.size())) {
            try {
                AtomicFiles.delete(dir.resolve(old.commandId() + SUFFIX));
                records.remove(old.commandId());
            } catch (IOException e) {
                LOG.warn("Cannot delete the old command record {}: {}", old.commandId(), e.toString());
            }
        }
    }
}
