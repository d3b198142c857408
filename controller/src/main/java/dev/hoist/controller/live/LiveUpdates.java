package dev.hoist.controller.live;

import dev.hoist.controller.core.deploy.Deployment;
import dev.hoist.controller.core.deploy.DeploymentListener;
import dev.hoist.controller.core.deploy.HostRun;
import dev.hoist.controller.core.deploy.HostStatus;
import dev.hoist.controller.core.deploy.LogLine;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Fans the orchestrator's committed changes out to live-stream clients. Each change is rendered at most
 * once (by the {@link Renderer}), whatever the number of clients, and only when a client takes it, on
 * that client's thread, so the orchestrator's thread never renders; each is numbered with an {@link EventId}:
 * the commit that stored it and its place in that commit. The newest {@code historySize} changes are
 * kept, so a client that reconnects with the last id it saw gets what it missed, or a {@code reset}
 * when that is no longer kept. Each client has a bounded buffer; one too slow to keep up is dropped
 * (it reconnects and catches up), so a slow reader never holds up the orchestrator, whose thread only
 * ever offers to the buffers.
 */
public final class LiveUpdates implements DeploymentListener {
    private final Renderer renderer;
    private final int bufferPerClient;
    private final int historySize;
    private final Set<Subscription> subscriptions = ConcurrentHashMap.newKeySet();
    private final Deque<Update> history = new ArrayDeque<>();
    private EventId last = new EventId(0, 0);

    /** Turns a committed change into the JSON its clients get. Called at most once per change, on any thread. */
    public interface Renderer {
        String deployment(Deployment deployment, Map<HostStatus, Integer> hostCounts, long seq);

        String host(HostRun host);

        String logLine(LogLine line);
    }

    public LiveUpdates(Renderer renderer, int bufferPerClient, int historySize) {
        this.renderer = renderer;
        this.bufferPerClient = bufferPerClient;
        this.historySize = historySize;
    }

    /** A change's place: the commit that stored it, then its order within that commit. */
    public record EventId(long seq, int index) implements Comparable<EventId> {
        /** Parses {@code SEQ.INDEX} (the SSE id); null when it is not one. */
        public static EventId parse(String text) {
            if (text == null) {
                return null;
            }
            int dot = text.indexOf('.');
            try {
                return dot < 0 ? new EventId(Long.parseLong(text.trim()), Integer.MAX_VALUE)
                        : new EventId(Long.parseLong(text.substring(0, dot)), Integer.parseInt(text.substring(dot + 1)));
            } catch (NumberFormatException e) {
                return null;
            }
        }

        @Override
        public int compareTo(EventId other) {
            int bySeq = Long.compare(seq, other.seq);
            return bySeq != 0 ? bySeq : Integer.compare(index, other.index);
        }

        @Override
        public String toString() {
            return seq + "." + index;
        }
    }

    /** One change: {@code type} is {@code deployment}, {@code host}, {@code log} or {@code reset}. */
    public record Update(EventId id, String type, String deploymentId, String application, Rendering rendering) {
        Update(EventId id, String type, String deploymentId, String application, String json) {
            this(id, type, deploymentId, application, new Rendering(() -> json));
        }

        /** The change as JSON, rendered by the first caller. */
        public String json() {
            return rendering.get();
        }
    }

    /** A change's JSON, made once, by the first thread that asks (the changes rendered are immutable). */
    public static final class Rendering {
        private Supplier<String> render;
        private volatile String json;

        Rendering(Supplier<String> render) {
            this.render = render;
        }

        String get() {
            String done = json;
            if (done == null) {
                synchronized (this) {
                    if (json == null) {
                        json = render.get();
                        render = null;
                    }
                    done = json;
                }
            }
            return done;
        }
    }

    /**
     * What a client follows.
     *
     * @param deploymentId only this deployment's changes, or null
     * @param application only this application's deployments, or null
     * @param logs whether log lines are wanted (they are most of the traffic)
     */
    public record Filter(String deploymentId, String application, boolean logs) {
        boolean wants(Update update) {
            return (deploymentId == null || deploymentId.equals(update.deploymentId()))
                    && (application == null || application.equals(update.application()))
                    && (logs || !"log".equals(update.type()));
        }
    }

    /**
     * Subscribes; with {@code after}, the changes kept since then come first, or a {@code reset}
     * update when some of them are no longer kept (the client should read the current state again).
     */
    public Subscription subscribe(Filter filter, EventId after) {
        Subscription subscription = new Subscription(filter, new ArrayBlockingQueue<>(bufferPerClient));
        synchronized (history) {
            if (after != null) {
                Update oldest = history.peekFirst();
                // Nothing kept yet (a controller just started): what came before cannot be told, so reset.
                boolean missed = oldest == null ? last.seq() == 0 || after.compareTo(last) < 0
                        : after.compareTo(new EventId(oldest.id().seq(), oldest.id().index() - 1)) < 0;
                if (missed) {
                    subscription.offer(new Update(last, "reset", null, null, "{\"message\": \"changes since "
                            + after + " are no longer kept; read the current state again\"}"));
                }
                for (Update kept : history) {
                    if (kept.id().compareTo(after) > 0 && filter.wants(kept)) {
                        subscription.offer(kept);
                    }
                }
            }
            subscriptions.add(subscription);
        }
        return subscription;
    }

    public int clients() {
        return subscriptions.size();
    }

    @Override
    public void deploymentChanged(long seq, Deployment deployment, Map<HostStatus, Integer> hostCounts) {
        publish(seq, "deployment", deployment.id(), deployment.application(),
                () -> renderer.deployment(deployment, hostCounts, seq));
    }

    @Override
    public void hostChanged(long seq, String application, HostRun host) {
        publish(seq, "host", host.deploymentId(), application, () -> renderer.host(host));
    }

    @Override
    public void logLine(long seq, String application, LogLine line) {
        publish(seq, "log", line.deploymentId(), application, () -> renderer.logLine(line));
    }

    private void publish(long seq, String type, String deploymentId, String application, Supplier<String> json) {
        synchronized (history) {
            EventId id = new EventId(seq, seq == last.seq() ? last.index() + 1 : 0);
            last = id;
            Update update = new Update(id, type, deploymentId, application, new Rendering(json));
            history.addLast(update);
            if (history.size() > historySize) {
                history.removeFirst();
            }
            for (Subscription subscription : subscriptions) {
                if (subscription.filter.wants(update)) {
                    subscription.offer(update);
                }
            }
        }
    }

    /** A client's view of the changes; {@link #close} it when the client goes. */
    public final class Subscription implements AutoCloseable {
        private final Filter filter;
        private final BlockingQueue<Update> queue;
        private volatile boolean dropped;

        private Subscription(Filter filter, BlockingQueue<Update> queue) {
            this.filter = filter;
            this.queue = queue;
        }

        private void offer(Update update) {
            if (!dropped && !queue.offer(update)) {
                dropped = true;
                subscriptions.remove(this);
            }
        }

        /** Whether the client fell too far behind and was cut off. */
        public boolean dropped() {
            return dropped;
        }

        /** The next change, or null when none came within the wait (time for a heartbeat). */
        public Update next(long wait, TimeUnit unit) throws InterruptedException {
            return dropped && queue.isEmpty() ? null : queue.poll(wait, unit);
        }

        @Override
        public void close() {
            subscriptions.remove(this);
        }
    }
}
