package dev.hoist.agent.state;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * One deployment per group at a time on this host, across processes (a local run and the daemon, or
 * two local runs): an exclusive lock on {@code <group-id>/.lock}, released by the kernel if the holder
 * dies, which is what lets a journal entry found under a free lock be trusted as a leftover.
 */
public final class GroupLock implements AutoCloseable {

    private final FileChannel channel;
    private final FileLock lock;

    private GroupLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** The lock, or empty when another deployment of the group holds it. */
    public static Optional<GroupLock> tryAcquire(DeploymentLayout layout, String groupId) throws IOException {
        Path file = layout.groupLock(groupId);
        Files.createDirectories(file.getParent());
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        try {
            FileLock lock = channel.tryLock();
            if (lock == null) {
                channel.close();
                return Optional.empty();
            }
            return Optional.of(new GroupLock(channel, lock));
        } catch (OverlappingFileLockException e) {
            channel.close();
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    @Override
    public void close() throws IOException {
        try {
            lock.release();
        } finally {
            channel.close();
        }
    }
}
