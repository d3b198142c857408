package dev.hoist.controller.live;

import dev.hoist.controller.core.deploy.Deployment;
import dev.hoist.controller.core.deploy.DeploymentListener;
import dev.hoist.controller.core.deploy.HostRun;
import dev.hoist.controller.core.deploy.LogLine;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Fans the orchestrator's changes out to live-stream clients. Each client has a bounded buffer; a client
 * too slow to keep up is dropped (it reconnects and reads the current state), so a slow reader never
 * holds up the orchestrator, whose thread only ever offers to the buffers.
 */
public final class LiveUpdates implements DeploymentListener {
    private final int bufferPerClient;
    private final Set<Subscription> subscriptions = ConcurrentHashMap.newKeySet();

    public LiveUpdates(int bufferPerClient) {
        this.bufferPerClient = bufferPerClient;
    }

    /** One change: {@code type} is {@code deployment}, {@code host} or {@code log}. */
    public record Update(String type, String deploymentId, Object value) {
    }

    /** @param deploymentId only this deployment's changes, or null for all */
    public Subscription subscribe(String deploymentId) {
        Subscription subscription = new Subscription(deploymentId, new ArrayBlockingQueue<>(bufferPerClient));
        subscriptions.add(subscription);
        return subscription;
    }

    public int clients() {
        return subscriptions.size();
    }

    @Override
    public void deploymentChanged(Deployment deployment) {
        publish(new Update("deployment", deployment.id(), deployment));
    }

    @Override
    public void hostChanged(HostRun host) {
        publish(new Update("host", host.deploymentId(), host));
    }

    @Override
    public void logLine(LogLine line) {
        publish(new Update("log", line.deploymentId(), line));
    }

    private void publish(Update update) {
        for (Subscription subscription : subscriptions) {
            if (subscription.wants(update) && !subscription.queue.offer(update)) {
                subscription.drop();
            }
        }
    }

    /** A client's view of the changes; {@link #close} it when the client goes. */
    public final class Subscription implements AutoCloseable {
        private final String deploymentId;
        private final BlockingQueue<Update> queue;
        private volatile boolean dropped;

        private Subscription(String deploymentId, BlockingQueue<Update> queue) {
            this.deploymentId = deploymentId;
            this.queue = queue;
        }

        private boolean wants(Update update) {
            return !dropped && (deploymentId == null || deploymentId.equals(update.deploymentId()));
        }

        private void drop() {
            dropped = true;
            subscriptions.remove(this);
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
