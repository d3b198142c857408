package dev.hoist.controller.source;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;

/**
 * Where the bare repositories are: {@code <dataDir>/git/NAME.git}, hosted and mirrored alike. Builds open
 * them here too, so the layout is fixed. Names reach this class validated ({@link RepositoryName}).
 */
public final class GitDirectories {
    /** The branch a new hosted repository's HEAD names. */
    static final String INITIAL_BRANCH = "main";

    private final Path root;

    public GitDirectories(Path dataDir) {
        this.root = dataDir.resolve("git");
    }

    public Path directory(String name) {
        return root.resolve(name + ".git");
    }

    boolean exists(String name) {
        return Files.isDirectory(directory(name));
    }

    /** Creates an empty bare repository whose HEAD names {@code main}. */
    void create(String name) throws IOException {
        Files.createDirectories(root);
        try (Git git = Git.init().setBare(true).setGitDir(directory(name).toFile()).setInitialBranch(INITIAL_BRANCH)
                .call()) {
            // Pushes of any size, and no auto-gc on the request thread.
            var config = git.getRepository().getConfig();
            config.setBoolean("receive", null, "autogc", false);
            config.save();
        } catch (GitAPIException e) {
            throw new IOException("cannot create the bare repository " + directory(name) + ": " + e.getMessage(), e);
        }
    }

    /** Opens an existing repository; the caller closes it. */
    public Repository open(String name) throws IOException {
        return new FileRepositoryBuilder().setGitDir(directory(name).toFile()).setMustExist(true).setBare().build();
    }

    /** Deletes the repository's directory, if there is one. */
    void delete(String name) throws IOException {
        Path directory = directory(name);
        if (!Files.exists(directory)) {
            return;
        }
        Files.walkFileTree(directory, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                Files.deleteIfExists(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                try {
                    Files.delete(dir);
                } catch (NoSuchFileException gone) {
                    // a concurrent git process removed a lock file's directory first
                }
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
