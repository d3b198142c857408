package dev.hoist.cli.config;

import dev.hoist.cli.ExitCodes;
import dev.hoist.cli.client.CliFailure;
import dev.hoist.cli.output.YamlQuoted;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code ${XDG_CONFIG_HOME:-~/.config}/hoist/config.yml}: the contexts {@code hoist login} saved. It holds
 * API tokens, so the file is mode 0600 in a directory of mode 0700, written whole to a temporary file
 * and renamed into place.
 *
 * <p>The file is YAML, in the one shape this class writes (every value a double-quoted string), and read
 * by a few lines of code rather than a YAML library: every command that calls the controller reads it,
 * and a YAML parser would cost each of them more start-up time than the rest of the command.
 */
public final class ConfigFile {
    private final Path path;

    public ConfigFile(Path path) {
        this.path = path;
    }

    /** Where the configuration lives for this environment ({@code XDG_CONFIG_HOME}, else {@code HOME}). */
    public static ConfigFile of(Map<String, String> env) {
        String xdg = env.get("XDG_CONFIG_HOME");
        Path base;
        if (xdg != null && !xdg.isBlank()) {
            base = Path.of(xdg);
        } else {
            String home = env.get("HOME");
            base = Path.of(home != null && !home.isBlank() ? home : System.getProperty("user.home"), ".config");
        }
        return new ConfigFile(base.resolve("hoist").resolve("config.yml"));
    }

    public Path path() {
        return path;
    }

    /** The saved configuration; empty when there is no file. */
    public CliConfig load() {
        if (!Files.exists(path)) {
            return CliConfig.EMPTY;
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(path);
        } catch (IOException e) {
            throw new CliFailure("cannot read " + path + ": " + e.getMessage(), ExitCodes.USAGE);
        }
        String current = null;
        List<SavedContext> contexts = new ArrayList<>();
        String[] fields = null;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#") || trimmed.equals("contexts:")) {
                continue;
            }
            boolean item = trimmed.startsWith("- ");
            if (item) {
                if (fields != null) {
                    contexts.add(context(fields, i));
                }
                fields = new String[4];
                trimmed = trimmed.substring(2).strip();
            }
            int colon = trimmed.indexOf(':');
            if (colon < 0) {
                throw unreadable(i, "expected KEY: \"VALUE\"");
            }
            String key = trimmed.substring(0, colon).strip();
            String value = YamlQuoted.read(trimmed.substring(colon + 1).strip());
            if (value == null) {
                throw unreadable(i, "expected a double-quoted value");
            }
            if (key.equals("current-context") && !line.startsWith(" ") && !item) {
                current = value.isEmpty() ? null : value;
                continue;
            }
            if (fields == null) {
                throw unreadable(i, "'" + key + "' outside a context");
            }
            switch (key) {
                case "name" -> fields[0] = value;
                case "url" -> fields[1] = value;
                case "token" -> fields[2] = value;
                case "ca" -> fields[3] = value.isEmpty() ? null : value;
                default -> {
                    // a key a newer hoist wrote: kept out, not refused
                }
            }
        }
        if (fields != null) {
            contexts.add(context(fields, lines.size()));
        }
        return new CliConfig(current, contexts);
    }

    private SavedContext context(String[] fields, int line) {
        if (fields[0] == null || fields[1] == null) {
            throw unreadable(line - 1, "a context needs a name and a url");
        }
        return new SavedContext(fields[0], fields[1], fields[2], fields[3]);
    }

    private CliFailure unreadable(int line, String why) {
        return new CliFailure(path + " line " + (line + 1) + ": " + why + "; fix it, or remove the file and log in "
                + "again with: hoist login URL", ExitCodes.USAGE);
    }

    /** Writes {@code config} whole: mode 0600 from its first byte, in a directory of mode 0700. */
    public void save(CliConfig config) {
        StringBuilder text = new StringBuilder()
                .append("# hoist's saved controllers (hoist login, hoist context). It holds API tokens: keep it 0600.\n")
                .append("current-context: ")
                .append(YamlQuoted.write(config.current() == null ? "" : config.current()))
                .append("\ncontexts:\n");
        for (SavedContext context : config.contexts()) {
            text.append("  - name: ").append(YamlQuoted.write(context.name())).append('\n')
                    .append("    url: ").append(YamlQuoted.write(context.url())).append('\n')
                    .append("    token: ").append(YamlQuoted.write(context.token() == null ? "" : context.token()))
                    .append('\n');
            if (context.caPem() != null) {
                text.append("    ca: ").append(YamlQuoted.write(context.caPem())).append('\n');
            }
        }
        Path dir = path.getParent();
        Path temp = dir.resolve(".config.yml." + ProcessHandle.current().pid() + ".tmp");
        try {
            createPrivateDirectory(dir);
            Files.deleteIfExists(temp);
            Files.createFile(temp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(temp, text);
            try {
                Files.move(temp, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, path, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new CliFailure("cannot write " + path + ": " + e.getMessage(), ExitCodes.REFUSED);
        } finally {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException ignored) {
                // a leftover temporary file is named as such and harmless
            }
        }
    }

    private static void createPrivateDirectory(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir.getParent());
            try {
                Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            } catch (FileAlreadyExistsException e) {
                // made meanwhile by another hoist: tightened below
            }
        }
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
    }
}
