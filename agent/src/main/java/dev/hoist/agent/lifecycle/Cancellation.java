package dev.hoist.agent.lifecycle;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A request to stop a deployment, shared between whoever asks (the controller's {@code CancelCommand},
 * Ctrl-C in local mode) and the code running it. A running hook's process group is signalled at once;
 * events not started yet are {@code Skipped}.
 */
public final class Cancellation {

    private final List<Runnable> callbacks = new CopyOnWriteArrayList<>();
    private volatile String reason;

    /** Asks the deployment to stop; the first reason given is kept. Idempotent. */
    public void cancel(String why) {
        synchronized (this) {
            if (reason != null) {
                return;
            }
            reason = why;
        }
        callbacks.forEach(Runnable::run);
    }

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
