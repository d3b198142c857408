package dev.hoist.agent.install;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;

/**
 * Install step 2: carries out a {@link CopyPlan}. Files keep their mode and mtime, symlinks are copied as
 * symlinks (never followed), and directories get their source's mode and mtime once their contents are
 * in (a read-only source directory would otherwise refuse its own children). Every path created is
 * reported to {@code created} at once, so a failure part way still leaves a record of it.
 *
 * <p>One deliberate difference from a plain copy: what Install creates is always writable by its owner.
 * A bundle packed from a read-only tree (a read-only checkout or mount, a build cache) would otherwise
 * install files that later hooks cannot edit in place, though nobody meant them read-only. Modes the
 * AppSpec sets in {@code permissions} are applied afterwards, exactly as written.
 */
final class FileCopier {
    private static final int OWNER_WRITE = 0200;

    void copy(CopyPlan plan, List<InstallRecord.Entry> created) throws IOException {
        List<CopyPlan.Step> directories = new ArrayList<>();
        for (CopyPlan.Step step : plan.steps()) {
            createParents(step.target().getParent(), created);
            if (step.replace()) {
                Files.deleteIfExists(step.target());
            }
            switch (step.kind()) {
                case DIRECTORY -> {
                    if (!Files.isDirectory(step.target())) {
                        Files.createDirectory(step.target());
                        created.add(new InstallRecord.Entry(InstallRecord.Kind.DIRECTORY, step.target()));
                        directories.add(step);
                    }
                }
                case SYMLINK -> {
                    Files.createSymbolicLink(step.target(), Files.readSymbolicLink(step.source()));
                    created.add(new InstallRecord.Entry(InstallRecord.Kind.SYMLINK, step.target()));
                }
                case FILE -> {
                    Files.copy(step.source(), step.target(), StandardCopyOption.COPY_ATTRIBUTES,
                            LinkOption.NOFOLLOW_LINKS);
                    created.add(new InstallRecord.Entry(InstallRecord.Kind.FILE, step.target()));
                    int mode = (Integer) Files.getAttribute(step.target(), "unix:mode") & 07777;
                    if ((mode & OWNER_WRITE) == 0) {
                        FileTime mtime = Files.getLastModifiedTime(step.target());
                        Files.setAttribute(step.target(), "unix:mode", mode | OWNER_WRITE);
                        Files.setLastModifiedTime(step.target(), mtime);
                    }
                }
                default -> throw new IllegalStateException("unhandled kind " + step.kind());
            }
        }
        // Deepest first, so setting a parent's mtime is not undone by touching a child.
        for (int i = directories.size() - 1; i >= 0; i--) {
            CopyPlan.Step step = directories.get(i);
            Files.setAttribute(step.target(), "unix:mode",
                    (Integer) Files.getAttribute(step.source(), "unix:mode") & 07777 | OWNER_WRITE);
            FileTime mtime = Files.getLastModifiedTime(step.source(), LinkOption.NOFOLLOW_LINKS);
            Files.setLastModifiedTime(step.target(), mtime);
        }
    }

    private static void createParents(Path dir, List<InstallRecord.Entry> created) throws IOException {
        if (dir == null || Files.isDirectory(dir)) {
            return;
        }
        createParents(dir.getParent(), created);
        try {
            Files.createDirectory(dir);
            created.add(new InstallRecord.Entry(InstallRecord.Kind.DIRECTORY, dir));
        } catch (FileAlreadyExistsException e) {
            throw new FileAlreadyExistsException(dir.toString(), null,
                    "a file is in the way of a directory that Install needs to create");
        }
    }
}
