package dev.hoist.agent.lifecycle;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A request to stop a deployment, shared between whoever asks (the controller's {@code CancelCommand},
 * Ctrl-C in local mode) and the code running it. After {@link #cancel} a running hook's process group is
 * signalled at once; after {@link #stopAfterRunningHooks} the running event finishes as it would have.
 * Either way, events not started yet are {@code Skipped}.
 */
public final class Cancellation {

    private final List<Runnable> callbacks = new CopyOnWriteArrayList<>();
    private volatile String reason;
    private volatile String stopReason;

    /**
     * Asks the deployment to stop before its next event, letting the running one finish. A later
     * {@link #cancel} still stops the running hook. Idempotent.
     */
    public void stopAfterRunningHooks(String why) {
        synchronized (this) {
            if (stopReason == null) {
                stopReason = why;
            }
        }
    }

    /** Whether no further event may start: cancelled, or asked to stop after the running hooks. */
    public boolean stopsBeforeNextEvent() {
        return reason != null || stopReason != null;
    }

    /** Why no further event may start, or {@code null}. */
    public String stopReason() {
        return reason != null ? reason : stopReason;
    }

    /** Asks the deployment to stop now, signalling a running hook; the first reason given is kept. Idempotent. */
    public void cancel(String why) {
        synchronized (this) {
            if (reason != null) {
                return;
            }
            reason = why;
        }
        callbacks.forEach(Runnable::run);
    }

    /** Whether running hooks are to be stopped now (not only later events skipped). */
    public boolean isCancelled() {
        return reason != null;
    }

    /** Why the deployment was cancelled, or {@code null}. */
    public String reason() {
        return reason;
    }

    /**
     * Runs {@code callback} when cancelled (at once if already cancelled) until the returned handle is
     * closed.
     */
    public Registration onCancel(Runnable callback) {
        callbacks.add(callback);
        if (isCancelled()) {
            callback.run();
        }
        return () -> callbacks.remove(callback);
    }

    /** Stops a callback from being run. */
    public interface Registration extends AutoCloseable {
        @Override
        void close();
    }
}
