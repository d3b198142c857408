package dev.hoist.agent.state;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * Keeps the newest {@code keep} deployment directories of a group and deletes the rest, never the one
 * in use nor the one whose revision is installed now (ApplicationStop of the next deployment runs its
 * scripts). "Newest" is by the directory's modification time, which is set when the deployment creates
 * its {@code bundle}, {@code archive} and {@code logs} entries.
 */
public final class RevisionRetention {

    private final DeploymentLayout layout;
    private final int keep;

    public RevisionRetention(DeploymentLayout layout, int keep) {
        if (keep < 1) {
            throw new IllegalArgumentException("revisions to keep per group must be at least 1, got " + keep);
        }
        this.layout = layout;
        this.keep = keep;
    }

    /**
     * Deletes old deployment directories of {@code groupId}.
     *
     * @param protectedIds deployment ids that must stay (in use, last installed)
     * @return the deployment ids deleted
     */
    public List<String> prune(String groupId, Set<String> protectedIds) throws IOException {
        Path groupDir = layout.groupDir(groupId);
        List<Path> deployments = new ArrayList<>();
        if (!Files.isDirectory(groupDir)) {
            return List.of();
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(groupDir,
                p -> Files.isDirectory(p) && !p.getFileName().toString().startsWith("."))) {
            entries.forEach(deployments::add);
        }
        deployments.sort(Comparator.comparing(RevisionRetention::modified).reversed());
        List<String> deleted = new ArrayList<>();
        int kept = 0;
        for (Path dir : deployments) {
            String id = dir.getFileName().toString();
            if (protectedIds.contains(id)) {
                kept++;
                continue;
            }
            if (kept < keep) {
                kept++;
                continue;
            }
            deleteTree(dir);
            deleted.add(id);
        }
        return deleted;
    }

    private static FileTime modified(Path dir) {
        try {
            return Files.getLastModifiedTime(dir);
        } catch (IOException e) {
            return FileTime.fromMillis(0);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                if (e != null) {
                    throw e;
                }
                Files.delete(d);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
