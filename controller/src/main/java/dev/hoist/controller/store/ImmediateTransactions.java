package dev.hoist.controller.store;

import java.sql.SQLException;
import java.sql.Statement;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.transaction.TransactionException;
import org.jdbi.v3.core.transaction.TransactionHandler;
import org.jdbi.v3.core.transaction.TransactionIsolationLevel;

/**
 * SQLite transactions that take the write lock when they begin ({@code BEGIN IMMEDIATE}), with the
 * connection left in auto-commit mode.
 *
 * <p>Why not the default: a deferred transaction that reads and then writes must upgrade its read lock,
 * and two such transactions fail with SQLITE_BUSY at once instead of waiting (SQLite cannot wait for a
 * writer whose snapshot it has already read past). Taken at {@code BEGIN}, the lock is waited for under
 * the busy timeout, so writers from the controller's threads queue up. And why not sqlite-jdbc's own
 * IMMEDIATE mode through {@code setAutoCommit(false)}: after every {@code commit()} the driver begins the
 * next transaction at once, so a commit that succeeded could still throw while waiting for another
 * writer's lock. Here {@code COMMIT} is the last thing a transaction does.
 *
 * <p>One instance per handle ({@link #specialize}); a transaction begun inside another joins it.
 */
final class ImmediateTransactions implements TransactionHandler {
    private boolean active;

    @Override
    public TransactionHandler specialize(Handle handle) {
        return new ImmediateTransactions();
    }

    @Override
    public void begin(Handle handle) {
        execute(handle, "BEGIN IMMEDIATE");
        active = true;
    }

    @Override
    public void commit(Handle handle) {
        execute(handle, "COMMIT");
        active = false;
    }

    @Override
    public void rollback(Handle handle) {
        try {
            execute(handle, "ROLLBACK");
        } finally {
            active = false;
        }
    }

    @Override
    public boolean isInTransaction(Handle handle) {
        return active;
    }

    @Override
    public void savepoint(Handle handle, String name) {
        execute(handle, "SAVEPOINT \"" + name + '"');
    }

    @Override
    public void rollbackToSavepoint(Handle handle, String name) {
        execute(handle, "ROLLBACK TO SAVEPOINT \"" + name + '"');
    }

    @Override
    public void releaseSavepoint(Handle handle, String name) {
        execute(handle, "RELEASE SAVEPOINT \"" + name + '"');
    }

    @Override
    public <R, X extends Exception> R inTransaction(Handle handle, HandleCallback<R, X> callback) throws X {
        if (active) {
            return callback.withHandle(handle);
        }
        begin(handle);
        R result;
        try {
            result = callback.withHandle(handle);
            commit(handle);
        } catch (Throwable failure) {
            if (active) {
                try {
                    rollback(handle);
                } catch (RuntimeException rollbackFailure) {
                    failure.addSuppressed(rollbackFailure);
                }
            }
            throw failure;
        }
        return result;
    }

    /** SQLite transactions are always serializable; the level asked for is met by any transaction. */
    @Override
    public <R, X extends Exception> R inTransaction(Handle handle, TransactionIsolationLevel level,
            HandleCallback<R, X> callback) throws X {
        return inTransaction(handle, callback);
    }

    private static void execute(Handle handle, String sql) {
        try (Statement statement = handle.getConnection().createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new TransactionException(sql + " failed: " + e.getMessage(), e);
        }
    }
}
