package dev.hoist.agent.install;

import dev.hoist.agent.state.AtomicFiles;
import dev.hoist.agent.state.DeploymentLayout;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Reads and writes install records under {@code <root>/instructions/<group-id>.installed}.
 *
 * <p>The format is line-based text ending with {@code end <entries> <sha256>}, the digest of everything
 * before that line. Writes are atomic (temp, fsync, rename), so a crash leaves the old record or the new
 * one; anything else (a truncated file, a missing or wrong digest, a relative path) is damage from
 * outside, and {@link #read} refuses it with {@link InstallRecordDamagedException} rather than letting
 * cleanup delete files on the strength of a record it cannot trust.
 */
public final class InstallRecordStore {

    private static final String MAGIC = "hoist-install-record v1";

    private final DeploymentLayout layout;

    public InstallRecordStore(DeploymentLayout layout) {
        this.layout = layout;
    }

    /** The group's record, or empty when the group never installed on this host. */
    public Optional<InstallRecord> read(String groupId) throws IOException, InstallRecordDamagedException {
        Path file = layout.installRecord(groupId);
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        return Optional.of(parse(file, new String(bytes, StandardCharsets.UTF_8)));
    }

    /** Replaces the group's record atomically. */
    public void write(String groupId, InstallRecord record) throws IOException {
        StringBuilder body = new StringBuilder();
        body.append(MAGIC).append('\n');
        body.append("deployment ").append(escape(record.deploymentId())).append('\n');
        body.append("revision ").append(escape(record.revisionId())).append('\n');
        body.append("sha256 ").append(escape(record.bundleSha256())).append('\n');
        body.append("root ").append(escape(record.revisionRoot() == null ? "" : record.revisionRoot().toString()))
                .append('\n');
        body.append("appspec ").append(escape(record.appSpecFile())).append('\n');
        body.append("complete ").append(record.complete()).append('\n');
        for (InstallRecord.Entry entry : record.entries()) {
            body.append(entry.kind().code()).append(' ').append(escape(entry.path().toString())).append('\n');
        }
        String text = body + "end " + record.entries().size() + " " + sha256(body.toString()) + "\n";
        AtomicFiles.write(layout.installRecord(groupId), text);
    }

    private static InstallRecord parse(Path file, String text) throws InstallRecordDamagedException {
        int endAt = text.lastIndexOf("\nend ");
        if (!text.startsWith(MAGIC + "\n") || endAt < 0 || !text.endsWith("\n")) {
            throw new InstallRecordDamagedException(file, "it does not start with '" + MAGIC
                    + "' and end with an 'end' line");
        }
        String body = text.substring(0, endAt + 1);
        String[] end = text.substring(endAt + 1, text.length() - 1).split(" ");
        if (end.length != 3 || !end[2].equals(sha256(body))) {
            throw new InstallRecordDamagedException(file, "its checksum does not match its content");
        }
        String[] lines = body.split("\n");
        String deployment = null;
        String revision = null;
        String sha = null;
        String root = null;
        String appspec = null;
        Boolean complete = null;
        List<InstallRecord.Entry> entries = new ArrayList<>();
        for (int i = 1; i < lines.length; i++) {
            String line = lines[i];
            int space = line.indexOf(' ');
            if (space < 1) {
                throw new InstallRecordDamagedException(file, "line " + (i + 1) + " is malformed");
            }
            String key = line.substring(0, space);
            String value = unescape(line.substring(space + 1));
            switch (key) {
                case "deployment" -> deployment = value;
                case "revision" -> revision = value;
                case "sha256" -> sha = value;
                case "root" -> root = value;
                case "appspec" -> appspec = value;
                case "complete" -> complete = Boolean.parseBoolean(value);
                case "f", "d", "l" -> entries.add(new InstallRecord.Entry(
                        InstallRecord.Kind.fromCode(key.charAt(0)), absolute(file, i + 1, value)));
                default -> throw new InstallRecordDamagedException(file, "line " + (i + 1) + " has unknown key '"
                        + key + "'");
            }
        }
        if (deployment == null || revision == null || sha == null || root == null || appspec == null
                || complete == null) {
            throw new InstallRecordDamagedException(file, "a header line is missing");
        }
        if (!Integer.toString(entries.size()).equals(end[1])) {
            throw new InstallRecordDamagedException(file, "it lists " + entries.size() + " entries but says "
                    + end[1]);
        }
        return new InstallRecord(deployment, revision, sha, root.isEmpty() ? null : Path.of(root), appspec,
                complete, entries);
    }

    private static Path absolute(Path file, int line, String value) throws InstallRecordDamagedException {
        try {
            Path path = Path.of(value);
            if (!path.isAbsolute() || !path.normalize().equals(path)) {
                throw new InstallRecordDamagedException(file, "line " + line + " names '" + value
                        + "', which is not an absolute, normalised path");
            }
            return path;
        } catch (InvalidPathException e) {
            throw new InstallRecordDamagedException(file, "line " + line + " names an invalid path");
        }
    }

    private static String escape(String value) {
        return value.replace("%", "%25").replace("\n", "%0A").replace("\r", "%0D");
    }

    private static String unescape(String value) {
        return value.replace("%0A", "\n").replace("%0D", "\r").replace("%25", "%");
    }

    private static String sha256(String text) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}
