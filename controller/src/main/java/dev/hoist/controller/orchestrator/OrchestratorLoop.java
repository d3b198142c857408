package dev.hoist.controller.orchestrator;

import dev.hoist.controller.core.deploy.AgentReports;
import dev.hoist.controller.core.deploy.Deployment;
import dev.hoist.controller.core.deploy.DeploymentRequest;
import dev.hoist.controller.core.deploy.Deployments;
import io.dropwizard.lifecycle.Managed;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the {@link Orchestrator} on one named thread ({@code hoist-orchestrator}): agent reports and API
 * calls from any thread are queued and applied in arrival order, in drains that end with one commit, so
 * that a burst of reports costs one store transaction; a tick checks deadlines. No thread per deployment.
 */
public final class OrchestratorLoop implements AgentReports, Deployments, Managed {
    private static final Logger LOG = LoggerFactory.getLogger(OrchestratorLoop.class);
    private static final int MAX_TASKS_PER_DRAIN = 5_000;
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(60);

    private final Orchestrator orchestrator;
    private final DeploymentAdmission admission;
    private final DeploymentWriter writer;
    private final Duration tickInterval;
    private final ScheduledExecutorService thread;
    private final ConcurrentLinkedQueue<Runnable> inbox = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    /** Reports may arrive before {@link #start} (the gateway starts first); they wait until resumed. */
    private volatile boolean started;
    private List<Runnable> completions = new ArrayList<>();
    private List<Runnable> failures = new ArrayList<>();

    OrchestratorLoop(Orchestrator orchestrator, DeploymentAdmission admission, DeploymentWriter writer,
            Duration tickInterval) {
        this.orchestrator = orchestrator;
        this.admission = admission;
        this.writer = writer;
        this.tickInterval = tickInterval;
        this.thread = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread t = new Thread(runnable, "hoist-orchestrator");
            t.setDaemon(true);
            return t;
        });
    }

    /** Resumes unfinished deployments, then ticks. Reports that arrive earlier wait in the queue. */
    @Override
    public void start() {
        CompletableFuture<Void> resumed = new CompletableFuture<>();
        thread.execute(() -> {
            try {
                orchestrator.resume();
                orchestrator.commit();
                resumed.complete(null);
            } catch (RuntimeException e) {
                resumed.completeExceptionally(e);
            }
        });
        await(resumed);
        started = true;
        submit(() -> { });
        long millis = tickInterval.toMillis();
        thread.scheduleWithFixedDelay(() -> submit(orchestrator::tick), millis, millis, TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() {
        thread.shutdown();
        try {
            if (!thread.awaitTermination(30, TimeUnit.SECONDS)) {
                thread.shutdownNow();
            }
        } catch (InterruptedException e) {
            thread.shutdownNow();
            Thread.currentThread().interrupt();
        }
        writer.close();
    }

    @Override
    public Deployment create(DeploymentRequest request, String creator) {
        DeploymentAdmission.Admitted admitted = admission.admit(request, creator);
        return call(() -> orchestrator.admit(admitted));
    }

    @Override
    public Deployment stop(String deploymentId, boolean cancelRunningHooks, String actor) {
        return call(() -> orchestrator.stop(deploymentId, cancelRunningHooks, actor));
    }

    @Override
    public void agentConnected(String agentId, List<String> pendingCommandIds) {
        List<String> pending = List.copyOf(pendingCommandIds);
        submit(() -> orchestrator.agentConnected(agentId, pending));
    }

    @Override
    public void agentDisconnected(String agentId) {
        submit(() -> orchestrator.agentDisconnected(agentId));
    }

    @Override
    public void commandAcknowledged(String agentId, String commandId, boolean accepted, String message) {
        submit(() -> orchestrator.commandAcknowledged(agentId, commandId, accepted, message));
    }

    @Override
    public void eventStatus(String agentId, EventReport report) {
        submit(() -> orchestrator.eventStatus(agentId, report));
    }

    @Override
    public void logLines(String agentId, LogBatch batch) {
        submit(() -> orchestrator.logLines(agentId, batch));
    }

    @Override
    public void hostResult(String agentId, HostOutcome outcome) {
        submit(() -> orchestrator.hostResult(agentId, outcome));
    }

    /** Runs {@code work} on the loop and returns its answer once the changes it made are stored. */
    private <T> T call(Supplier<T> work) {
        CompletableFuture<T> answer = new CompletableFuture<>();
        submit(() -> {
            T value;
            try {
                value = work.get();
            } catch (RuntimeException e) {
                answer.completeExceptionally(e);
                return;
            }
            completions.add(() -> answer.complete(value));
            failures.add(() -> answer.completeExceptionally(new IllegalStateException(
                    "the orchestrator could not store the change; see the controller's log")));
        });
        return await(answer);
    }

    private static <T> T await(CompletableFuture<T> future) {
        try {
            return future.get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("the orchestrator did not answer within " + CALL_TIMEOUT, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the orchestrator", e);
        }
    }

    private void submit(Runnable task) {
        inbox.add(task);
        if (started && drainScheduled.compareAndSet(false, true)) {
            try {
                thread.execute(this::drain);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                LOG.debug("Orchestrator stopped; a report arriving during shutdown is dropped");
            }
        }
    }

    private void drain() {
        drainScheduled.set(false);
        Runnable task;
        int ran = 0;
        while (ran < MAX_TASKS_PER_DRAIN && (task = inbox.poll()) != null) {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.error("Applying a deployment report or call failed", e);
            }
            ran++;
        }
        List<Runnable> done = completions;
        List<Runnable> failed = failures;
        completions = new ArrayList<>();
        failures = new ArrayList<>();
        try {
            orchestrator.commit();
            done.forEach(Runnable::run);
        } catch (RuntimeException e) {
            LOG.error("Could not store deployment changes; they are retried at the next drain", e);
            failed.forEach(Runnable::run);
        }
        if (!inbox.isEmpty() && drainScheduled.compareAndSet(false, true)) {
            thread.execute(this::drain);
        }
    }
}
