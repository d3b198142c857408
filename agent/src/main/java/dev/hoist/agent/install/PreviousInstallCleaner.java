package dev.hoist.agent.install;

import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Install step 1: removes what the previous Install of the group recorded, newest first, so children go
 * before their directories. A directory that is not empty (the host added files to it) is kept, and so
 * is a path that is no longer what Install made (a file replaced by a directory, say).
 */
final class PreviousInstallCleaner {

    /** @return the paths kept, with the reason, for the log */
    List<String> remove(List<InstallRecord.Entry> entries) throws IOException {
        List<String> kept = new ArrayList<>();
        for (int i = entries.size() - 1; i >= 0; i--) {
            InstallRecord.Entry entry = entries.get(i);
            Path path = entry.path();
            if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
                continue;
            }
            if (!isStill(entry.kind(), path)) {
                kept.add(path + " (no longer the " + entry.kind().name().toLowerCase() + " Install created)");
                continue;
            }
            try {
                Files.delete(path);
            } catch (DirectoryNotEmptyException e) {
                kept.add(path + " (directory not empty)");
            }
        }
        return kept;
    }

    private static boolean isStill(InstallRecord.Kind kind, Path path) {
        return switch (kind) {
            case SYMLINK -> Files.isSymbolicLink(path);
            case DIRECTORY -> Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS);
            case FILE -> Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS);
        };
    }
}
