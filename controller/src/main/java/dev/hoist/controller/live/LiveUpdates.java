package dev.hoist.controller.live;

import dev.hoist.controller.core.Agent;
import dev.hoist.controller.core.AgentListener;
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
 * Fans committed changes out to live-stream clients: the orchestrator's (deployments, hosts, log lines)
 * and the agent registry's (enrolled, connected, disconnected, tagged, revoked). Each change is
 * rendered at most once (by the {@link Renderer}), whatever the number of clients, and only when a
 * client takes it, on that client's thread (so the orchestrator's thread never renders); each is
 * numbered with an {@link EventId}: the deployment commit that stored it and its place after that commit (an agent's
 * change takes the next place after the newest deployment change), and this run's tag. The newest
 * {@code historySize} changes are kept, so a client that reconnects with the last id it saw gets what
 * it missed, or a {@code reset} when that is no longer kept or the id is from an earlier run of the
 * controller (agents' changes are not numbered durably, so a new run cannot tell what such a client
 * missed). Each client has a bounded buffer; one too slow to keep up is dropped
 * (it reconnects and catches up), so a slow reader never holds up the orchestrator, whose thread only
 * ever offers to the buffers.
 */
public final class LiveUpdates implements DeploymentListener, AgentListener {
    /** Wakes a waiting subscription when the controller stops; never sent to a client. */
    private static final Update CLOSING = new Update(new EventId(0, 0, null), "closing", null, null, "{}");

    private final Renderer renderer;
    private volatile boolean closed;
    private final String run;
    private final int bufferPerClient;
    private final int historySize;
    private final Set<Subscription> subscriptions = ConcurrentHashMap.newKeySet();
    private final Deque<Update> history = new ArrayDeque<>();
    private EventId last;

    /** Turns a committed change into the JSON its clients get. Called at most once per change, on any thread. */
    public interface Renderer {
        String deployment(Deployment deployment, Map<HostStatus, Integer> hostCounts, long seq);

        String host(HostRun host);

        String logLine(LogLine line);

        String agent(Agent agent);
    }

    /**
     * @param run tags this run's ids (any short word of letters and digits that another run of the
     *     controller will not use again, e.g. random)
     */
    public LiveUpdates(Renderer renderer, int bufferPerClient, int historySize, String run) {
        if (!run.matches("[A-Za-z0-9]+")) {
            throw new IllegalArgumentException("a run tag is letters and digits, not '" + run + "'");
        }
        this.renderer = renderer;
        this.run = run;
        this.last = new EventId(0, 0, run);
        this.bufferPerClient = bufferPerClient;
        this.historySize = historySize;
    }

    /**
     * A change's place: the commit that stored it, then its order after that commit, and the run of the
     * controller that numbered it ({@code null} when the client gave an id without one, such as a
     * deployment's {@code seq}: that is taken as a commit number, which every run shares). Written
     * {@code SEQ.INDEX.RUN}; ids of one run are ordered by seq, then index.
     */
    public record EventId(long seq, int index, String run) implements Comparable<EventId> {
        /** Parses {@code SEQ}, {@code SEQ.INDEX} or {@code SEQ.INDEX.RUN} (the SSE id); null when it is not one. */
        public static EventId parse(String text) {
            if (text == null) {
                return null;
            }
            String[] parts = text.trim().split("\\.", -1);
            try {
                if (parts.length == 1) {
                    return new EventId(Long.parseLong(parts[0]), Integer.MAX_VALUE, null);
                }
                if (parts.length > 3 || (parts.length == 3 && !parts[2].matches("[A-Za-z0-9]+"))) {
                    return null;
                }
                return new EventId(Long.parseLong(parts[0]), Integer.parseInt(parts[1]),
                        parts.length == 3 ? parts[2] : null);
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
            return run == null ? seq + "." + index : seq + "." + index + "." + run;
        }
    }

    /**
     * One change: {@code type} is {@code deployment}, {@code host}, {@code log}, {@code agent} or
     * {@code reset}.
     */
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
     * @param deployments whether deployments' changes are wanted ({@code deployment}, {@code host})
     * @param logs whether log lines are wanted (they are most of the traffic)
     * @param agents whether agents' changes are wanted (never with a deployment or application)
     */
    public record Filter(String deploymentId, String application, boolean deployments, boolean hosts,
            boolean logs, boolean agents) {
        boolean wants(Update update) {
            if ("agent".equals(update.type())) {
                return agents && deploymentId == null && application == null;
            }
            return deployments
                    && (deploymentId == null || deploymentId.equals(update.deploymentId()))
                    && (application == null || application.equals(update.application()))
                    && (hosts || !"host".equals(update.type()))
                    && (logs || !"log".equals(update.type()));
        }
    }

    /**
     * The controller is stopping: every subscription's {@link Subscription#next} returns at once, with
     * {@link Subscription#closing} true, so streams end instead of holding the server's stop until their
     * next heartbeat finds the client gone.
     */
    public void close() {
        synchronized (history) {
            closed = true;
            for (Subscription subscription : subscriptions) {
                subscription.queue.clear();
                subscription.queue.offer(CLOSING);
            }
        }
    }

    /**
     * Subscribes; with {@code after}, the changes kept since then come first, or a {@code reset}
     * update when some of them are no longer kept (the client should read the current state again).
     */
    public Subscription subscribe(Filter filter, EventId after) {
        Subscription subscription = new Subscription(filter, new ArrayBlockingQueue<>(bufferPerClient));
        synchronized (history) {
            subscription.position = last;
            if (after != null) {
                Update oldest = history.peekFirst();
                boolean sameRun = run.equals(after.run());
                // An id of another run cannot be placed among this run's agent changes: reset.
                boolean foreign = after.run() != null && !sameRun;
                boolean evicted = oldest != null
                        && after.compareTo(new EventId(oldest.id().seq(), oldest.id().index() - 1, run)) < 0;
                // A bare commit number while nothing is kept yet (a controller just started): what came
                // before cannot be told, so reset.
                boolean untold = !sameRun && oldest == null && (last.seq() == 0 || after.compareTo(last) < 0);
                boolean missed = foreign || evicted || untold;
                if (missed) {
                    subscription.offer(new Update(last, "reset", null, null, "{\"message\": \"changes since "
                            + after + " are no longer kept; read the current state again\"}"));
                }
                for (Update kept : history) {
                    if (!foreign && kept.id().compareTo(after) > 0 && filter.wants(kept)) {
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

    @Override
    public void agentChanged(Agent agent) {
        synchronized (history) {
            publish(last.seq(), "agent", null, null, () -> renderer.agent(agent));
        }
    }

    private void publish(long seq, String type, String deploymentId, String application, Supplier<String> json) {
        synchronized (history) {
            EventId id = new EventId(seq, seq == last.seq() ? last.index() + 1 : 0, run);
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
        private EventId position;

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

        /**
         * The newest change when this subscription began: a client that resumes from it misses nothing
         * (the stream gives it to a client that came without an id, so that it has one to resume from).
         */
        public EventId position() {
            return position;
        }

        /** Whether the client fell too far behind and was cut off. */
        public boolean dropped() {
            return dropped;
        }

        /** The next change, or null when none came within the wait (time for a heartbeat) or when closing. */
        public Update next(long wait, TimeUnit unit) throws InterruptedException {
            if (closed || dropped && queue.isEmpty()) {
                return null;
            }
            Update update = queue.poll(wait, unit);
            return update == CLOSING ? null : update;
        }

        /** Whether the controller is stopping: the stream should end now. */
        public boolean closing() {
            return closed;
        }

        @Override
        public void close() {
            subscriptions.remove(this);
        }
    }
}
