package dev.hoist.controller.source;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One lock per repository name: a fetch of a mirror and the deletion of its directory never overlap, and
 * neither do two fetches of one source. Locks are few (one per repository) and kept.
 */
final class SourceLocks {
    private final ConcurrentHashMap<String, ReentrantLock> locks = new ConcurrentHashMap<>();

    ReentrantLock of(String name) {
        return locks.computeIfAbsent(name, ignored -> new ReentrantLock());
    }

    /** Takes the lock within {@code seconds}; {@code false} when it is still held then. */
    boolean tryLock(String name, long seconds) throws InterruptedException {
        return of(name).tryLock(seconds, TimeUnit.SECONDS);
    }

    void unlock(String name) {
        of(name).unlock();
    }
}
