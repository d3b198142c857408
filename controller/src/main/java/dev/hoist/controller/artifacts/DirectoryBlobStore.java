package dev.hoist.controller.artifacts;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Blobs as files named by their SHA-256, {@code <dir>/<first two hex digits>/<digest>}: the layout Hoist's
 * bundle directory always had, so an existing data directory works as it is. An upload is streamed to
 * {@code <dir>/tmp}, synced, and renamed into place, so a blob is visible only complete.
 */
public final class DirectoryBlobStore implements BlobStore {
    private final Path dir;

    public DirectoryBlobStore(Path dir) throws IOException {
        this.dir = dir;
        Files.createDirectories(dir.resolve("tmp"));
    }

    @Override
    public Stored put(InputStream in, long maxBytes, String expectedSha256) throws IOException {
        Path temp = Files.createTempFile(dir.resolve("tmp"), "upload-", ".part");
        try {
            Stored written = Spool.write(in, temp, maxBytes, expectedSha256);
            Path target = pathOf(written.sha256());
            if (Files.exists(target)) {
                return new Stored(written.sha256(), written.sizeBytes(), true);
            }
            Files.createDirectories(target.getParent());
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException raced) {
                return new Stored(written.sha256(), written.sizeBytes(), true);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("the artifact store " + dir + " needs a file system with atomic renames", e);
            }
            return written;
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    @Override
    public Optional<Long> size(String sha256) throws IOException {
        if (!BlobStore.isDigest(sha256)) {
            return Optional.empty();
        }
        Path path = pathOf(sha256);
        try {
            BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
            return attributes.isRegularFile() ? Optional.of(attributes.size()) : Optional.empty();
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    @Override
    public InputStream open(String sha256, long offset, long length) throws IOException {
        if (!BlobStore.isDigest(sha256)) {
            throw new BlobNotFoundException(String.valueOf(sha256), location());
        }
        FileChannel channel;
        try {
            channel = FileChannel.open(pathOf(sha256), StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            throw new BlobNotFoundException(sha256, location());
        }
        try {
            long size = channel.size();
            if (offset < 0 || offset > size) {
                throw new IOException("offset " + offset + " is outside blob " + sha256 + " (" + size + " bytes)");
            }
            channel.position(offset);
            InputStream stream = Channels.newInputStream(channel);
            return length < 0 ? stream : new BoundedInputStream(stream, length);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    @Override
    public boolean delete(String sha256) throws IOException {
        return BlobStore.isDigest(sha256) && Files.deleteIfExists(pathOf(sha256));
    }

    @Override
    public void list(Consumer<BlobInfo> each) throws IOException {
        try (DirectoryStream<Path> prefixes = Files.newDirectoryStream(dir, path -> path.getFileName().toString()
                .matches("[0-9a-f]{2}") && Files.isDirectory(path))) {
            for (Path prefix : prefixes) {
                try (DirectoryStream<Path> blobs = Files.newDirectoryStream(prefix)) {
                    for (Path blob : blobs) {
                        String name = blob.getFileName().toString();
                        if (!BlobStore.isDigest(name)) {
                            continue;
                        }
                        BasicFileAttributes attributes;
                        try {
                            attributes = Files.readAttributes(blob, BasicFileAttributes.class);
                        } catch (NoSuchFileException deletedMeanwhile) {
                            continue;
                        }
                        each.accept(new BlobInfo(name, attributes.size(), attributes.lastModifiedTime().toInstant()));
                    }
                }
            }
        }
    }

    @Override
    public String location() {
        return dir.toString();
    }

    /** The file a blob is kept in (for tests and the migration from older layouts, which are the same). */
    Path pathOf(String sha256) {
        return dir.resolve(sha256.substring(0, 2)).resolve(sha256);
    }
}
