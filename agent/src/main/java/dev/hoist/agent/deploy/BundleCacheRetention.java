package dev.hoist.agent.deploy;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the bundle cache small: each deployment group keeps its last {@code keepPerGroup} bundles (a
 * rollback or a redeploy then downloads nothing), and a cached bundle no group keeps is removed.
 *
 * <p>Each group's bundles, newest first, are a text file {@code <cache>/groups/<group id>} (one digest a
 * line), written to a temporary file, synced and renamed into place. A bundle used right now is its
 * group's newest, so it is never the one removed; partial downloads ({@code .part}) are left alone for
 * the download to resume. Called from deployment threads; one at a time.
 */
final class BundleCacheRetention {
    private static final Logger LOG = LoggerFactory.getLogger(BundleCacheRetention.class);
    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z0-9._-]{1,128}");

    private final Path cache;
    private final Path groups;
    private final int keepPerGroup;

    BundleCacheRetention(Path cache, int keepPerGroup) throws IOException {
        this.cache = cache;
        this.groups = cache.resolve("groups");
        this.keepPerGroup = keepPerGroup;
        Files.createDirectories(groups);
    }

    /** Records that {@code groupId} now uses {@code sha256}, then removes what no group keeps. */
    synchronized void used(String groupId, String sha256) {
        if (groupId == null || !SAFE_NAME.matcher(groupId).matches() || !SHA256_HEX.matcher(sha256).matches()) {
            return;
        }
        try {
            Path file = groups.resolve(groupId);
            List<String> kept = new ArrayList<>();
            kept.add(sha256);
            for (String line : read(file)) {
                if (!line.equals(sha256) && kept.size() < keepPerGroup) {
                    kept.add(line);
                }
            }
            write(file, kept);
            removeUnkept();
        } catch (IOException e) {
            LOG.warn("Cannot tidy the bundle cache {}: {}; it is tried again after the next download", cache,
                    e.toString());
        }
    }

    private void removeUnkept() throws IOException {
        Set<String> kept = new HashSet<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(groups)) {
            for (Path file : files) {
                if (SAFE_NAME.matcher(file.getFileName().toString()).matches()) {
                    kept.addAll(read(file));
                }
            }
        }
        try (DirectoryStream<Path> bundles = Files.newDirectoryStream(cache)) {
            for (Path bundle : bundles) {
                String name = bundle.getFileName().toString();
                if (SHA256_HEX.matcher(name).matches() && !kept.contains(name) && Files.isRegularFile(bundle)) {
                    Files.deleteIfExists(bundle);
                    LOG.info("Removed cached bundle {}: no deployment group keeps it among its last {}", name,
                            keepPerGroup);
                }
            }
        }
    }

    private static List<String> read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            return List.of();
        }
        return Files.readAllLines(file, StandardCharsets.UTF_8).stream()
                .filter(line -> SHA256_HEX.matcher(line).matches()).toList();
    }

    private static void write(Path file, List<String> digests) throws IOException {
        Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(temp, String.join("\n", digests) + "\n", StandardCharsets.UTF_8);
        try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
