package dev.hoist.agent.upgrade;

import dev.hoist.agent.state.AtomicFiles;
import dev.hoist.agent.state.FlatJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What an agent that switched {@code current} to a new release leaves for the agent that starts next:
 * the upgrade command to finish, the version it waits for, and the release it replaced. Kept in the state
 * directory as {@code agent-upgrade.json}, written before {@code current} flips (write-temp-then-rename), so
 * the next agent always knows an upgrade was under way.
 *
 * @param previousRelease the release directory {@code current} named before, to go back to
 * @param starts how often the new release has started without reaching the controller yet
 */
public record UpgradeMarker(String commandId, String deploymentId, String version, String previousRelease,
        long starts) {
    static final String FILE = "agent-upgrade.json";

    public static Optional<UpgradeMarker> read(Path stateDir) throws IOException {
        Path file = stateDir.resolve(FILE);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        Map<String, Object> fields = FlatJson.read(Files.readAllBytes(file));
        Object starts = fields.get("starts");
        return Optional.of(new UpgradeMarker(FlatJson.text(fields, "commandId"), FlatJson.text(fields, "deploymentId"),
                FlatJson.text(fields, "version"), FlatJson.text(fields, "previousRelease"),
                starts instanceof Number number ? number.longValue() : 0));
    }

    public void write(Path stateDir) throws IOException {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("commandId", commandId);
        fields.put("deploymentId", deploymentId);
        fields.put("version", version);
        fields.put("previousRelease", previousRelease);
        fields.put("starts", starts);
        AtomicFiles.write(stateDir.resolve(FILE), FlatJson.write(fields, true));
    }

    public UpgradeMarker started() {
        return new UpgradeMarker(commandId, deploymentId, version, previousRelease, starts + 1);
    }

    public static void clear(Path stateDir) throws IOException {
        AtomicFiles.delete(stateDir.resolve(FILE));
    }
}
