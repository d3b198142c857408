package dev.hoist.controller.orchestrator;

import dev.hoist.controller.core.Agent;
import dev.hoist.controller.core.AgentListener;
import dev.hoist.controller.core.Refusal;
import dev.hoist.controller.core.deploy.AgentReports;
import dev.hoist.controller.core.deploy.ApplicationStore;
import dev.hoist.controller.core.deploy.CreateRequestKey;
import dev.hoist.controller.core.deploy.Deployment;
import dev.hoist.controller.core.deploy.DeploymentGroup;
import dev.hoist.controller.core.deploy.DeploymentGroupStore;
import dev.hoist.controller.core.deploy.DeploymentRequest;
import dev.hoist.controller.core.deploy.Deployments;
import dev.hoist.controller.core.deploy.GroupLookup;
import dev.hoist.controller.core.deploy.IntakePressure;
import io.dropwizard.lifecycle.Managed;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The orchestrator's intake: runs the {@link Orchestrator} on one named thread ({@code hoist-orchestrator}).
 * Agent reports (queued straight from the gateway's event loops: the only hand-off between a report and
 * the store) and API calls are applied in arrival order, in drains that end with one commit, so a burst
 * of reports costs one transaction. A tick checks deadlines. No thread per deployment.
 *
 * <p>When a commit fails (the store is down or refuses), nothing waiting for it happens: no work is sent,
 * no result acknowledged, no listener told; API calls waiting for it are answered 503. The changes are
 * kept and the commit is retried, with back-off, before any new report is applied; meanwhile reports
 * queue up, and past {@code maxQueued} the gateway is told to stop reading them ({@link IntakePressure}),
 * so they wait in the agents' outboxes. Once the store takes the commit, everything carries on.
 *
 * <p>A drain that changed only hosts' and events' progress and output (which agents send again until
 * their result is acknowledged) commits up to {@link #PROGRESS_COMMIT_DELAY} later, with whatever
 * arrives meanwhile: a one-host deployment's twenty or so reports then cost a few transactions, each
 * a disk flush, instead of twenty. Anything that waits on the store (a command, an acknowledgement, an
 * answer, a deployment's change) commits at once.
 */
public final class OrchestratorLoop implements AgentReports, Deployments, AgentListener, Managed {
    private static final Logger LOG = LoggerFactory.getLogger(OrchestratorLoop.class);
    private static final int MAX_TASKS_PER_DRAIN = 5_000;
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration FIRST_RETRY = Duration.ofMillis(50);
    private static final Duration LAST_RETRY = Duration.ofSeconds(5);
    static final Duration PROGRESS_COMMIT_DELAY = Duration.ofMillis(25);

    private final Orchestrator orchestrator;
    private final DeploymentAdmission admission;
    private final ApplicationStore applications;
    private final DeploymentGroupStore groups;
    private final OrchestratorMetrics metrics;
    private final Duration tickInterval;
    private final int maxQueued;
    private final ScheduledExecutorService thread;
    private final ConcurrentLinkedQueue<Runnable> inbox = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    /** API calls queued but not yet run: answered at once when the store starts refusing. */
    private final ConcurrentLinkedQueue<CompletableFuture<?>> unstartedCalls = new ConcurrentLinkedQueue<>();
    private volatile IntakePressure pressure = IntakePressure.NONE;
    /** Reports may arrive before {@link #start} (the gateway starts first); they wait until resumed. */
    private volatile boolean started;
    private final Object pressureLock = new Object();
    private volatile boolean saturated;
    // Confined to the loop's thread:
    private List<Runnable> completions = new ArrayList<>();
    private List<Runnable> failures = new ArrayList<>();
    /** A commit failed and has not been retried successfully yet; read by API threads to fail fast. */
    private volatile boolean commitPending;
    private Duration retryDelay = FIRST_RETRY;
    /** A commit of progress alone is scheduled ({@link #PROGRESS_COMMIT_DELAY}). */
    private boolean progressCommitScheduled;

    OrchestratorLoop(Orchestrator orchestrator, DeploymentAdmission admission, ApplicationStore applications,
            DeploymentGroupStore groups, OrchestratorMetrics metrics, Duration tickInterval, int maxQueued) {
        this.orchestrator = orchestrator;
        this.applications = applications;
        this.groups = groups;
        this.admission = admission;
        this.metrics = metrics;
        this.tickInterval = tickInterval;
        this.maxQueued = maxQueued;
        this.thread = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread t = new Thread(runnable, "hoist-orchestrator");
            t.setDaemon(true);
            return t;
        });
        metrics.gaugeQueued(queued::get);
    }

    /** Who stops reading agents' reports while too many wait here (the gateway). */
    public void pressure(IntakePressure pressure) {
        this.pressure = pressure;
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

    /** Applies and commits what is queued (for up to 30 s), then stops the thread. */
    @Override
    public void stop() {
        started = false;
        try {
            thread.submit(() -> {
                while (!inbox.isEmpty() && runQueued() > 0) {
                    // keep going until the queue is empty
                }
                if (!tryCommit()) {
                    LOG.error("Stopping with changes the store did not take; agents send their reports again "
                            + "to the next controller run, and API callers were told");
                }
            }).get(30, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException | RejectedExecutionException e) {
            LOG.warn("The orchestrator did not finish its last commit while stopping: {}", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            thread.shutdownNow();
        }
    }

    @Override
    public Deployment create(DeploymentRequest request, String creator, String idempotencyKey) {
        CreateRequests.checkKey(idempotencyKey);
        DeploymentAdmission.Admitted admitted = admission.admit(request, creator);
        CreateRequestKey key = idempotencyKey == null ? null
                : CreateRequests.key(idempotencyKey, request, creator, admitted.deployment());
        return call(() -> orchestrator.admit(admitted, key));
    }

    @Override
    public Deployment converge(String application, String group, String actor) {
        DeploymentGroup found = GroupLookup.require(applications, groups, application, group);
        return call(() -> orchestrator.converge(found, actor));
    }

    /** Told by the agent registry after each committed change of an agent; only queues. */
    @Override
    public void agentChanged(Agent agent) {
        submit(() -> orchestrator.agentChanged(agent));
    }

    @Override
    public Deployment stop(String deploymentId, boolean cancelRunningHooks, String actor) {
        return call(() -> orchestrator.stop(deploymentId, cancelRunningHooks, actor));
    }

    @Override
    public Deployment continueReroute(String deploymentId, String actor) {
        return call(() -> orchestrator.continueReroute(deploymentId, actor));
    }

    @Override
    public void agentConnected(String agentId, List<String> pendingCommandIds) {
        List<String> pending = List.copyOf(pendingCommandIds);
        submit(() -> orchestrator.agentConnected(agentId, pending));
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
    public void hostResult(String agentId, HostOutcome outcome, Runnable acknowledge) {
        submit(() -> orchestrator.hostResult(agentId, outcome, acknowledge));
    }

    /** Tasks waiting to be applied. */
    int queued() {
        return queued.get();
    }

    /** Runs {@code work} on the loop and returns its answer once the changes it made are stored. */
    private <T> T call(Supplier<T> work) {
        if (commitPending) {
            throw new Refusal(Refusal.Kind.UNAVAILABLE, "STORE_UNAVAILABLE", "the controller's store is refusing "
                    + "writes right now (see the controller's log), so nothing was changed; retry in a moment",
                    Map.of());
        }
        CompletableFuture<T> answer = new CompletableFuture<>();
        unstartedCalls.add(answer);
        submit(() -> {
            unstartedCalls.remove(answer);
            if (answer.isDone()) {
                return; // answered "nothing changed" while the store was refusing: do nothing now
            }
            T value;
            try {
                value = work.get();
            } catch (RuntimeException e) {
                answer.completeExceptionally(e);
                return;
            }
            completions.add(() -> answer.complete(value));
            failures.add(() -> answer.completeExceptionally(storeUnavailable(
                    "the controller's store could not take the change right now")));
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
            throw storeUnavailable("the orchestrator did not answer within " + CALL_TIMEOUT.toSeconds()
                    + " s (is the store slow or down?)");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the orchestrator", e);
        }
    }

    private static Refusal storeUnavailable(String what) {
        return new Refusal(Refusal.Kind.UNAVAILABLE, "STORE_UNAVAILABLE", what + ". The change is kept and "
                + "written once the store is back, so retry with the same Idempotency-Key (hoist deploy does) "
                + "rather than without one, which could create the deployment twice; hoist deployment list "
                + "shows what exists.", Map.of());
    }

    private void submit(Runnable task) {
        inbox.add(task);
        if (queued.incrementAndGet() > maxQueued && !saturated) {
            updatePressure();
        }
        if (started && drainScheduled.compareAndSet(false, true)) {
            try {
                thread.execute(this::drain);
            } catch (RejectedExecutionException e) {
                LOG.debug("Orchestrator stopped; a report arriving during shutdown waits for the next run");
            }
        }
    }

    private void drain() {
        drainScheduled.set(false);
        if (commitPending && !tryCommit()) {
            retryLater();
            return;
        }
        runQueued();
        if (completions.isEmpty() && orchestrator.commitCanWait() && !saturated) {
            commitProgressLater();
        } else if (!tryCommit()) {
            retryLater();
            return;
        }
        if (saturated) {
            updatePressure();
        }
        if (orchestrator.hasAdmitted()) {
            // Their callers have their answer; the hosts are resolved and dispatched in a drain of their own.
            submit(orchestrator::startAdmitted);
        }
        if (!inbox.isEmpty() && drainScheduled.compareAndSet(false, true)) {
            thread.execute(this::drain);
        }
    }

    private int runQueued() {
        Runnable task;
        int ran = 0;
        while (ran < MAX_TASKS_PER_DRAIN && (task = inbox.poll()) != null) {
            queued.decrementAndGet();
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.error("Applying a deployment report or call failed", e);
            }
            ran++;
        }
        return ran;
    }

    /** Commits what the drain changed; {@code false} (changes kept, callers told) when the store refused. */
    private boolean tryCommit() {
        List<Runnable> done = completions;
        List<Runnable> failed = failures;
        completions = new ArrayList<>();
        failures = new ArrayList<>();
        try {
            orchestrator.commit();
        } catch (RuntimeException e) {
            boolean first = !commitPending;
            commitPending = true;
            metrics.writeFailed();
            // Calls still waiting to run have changed nothing: tell their callers now, not at their timeout.
            for (CompletableFuture<?> waiting; (waiting = unstartedCalls.poll()) != null; ) {
                waiting.completeExceptionally(new Refusal(Refusal.Kind.UNAVAILABLE, "STORE_UNAVAILABLE",
                        "the controller's store is refusing writes right now (see the controller's log), so nothing "
                                + "was changed; retry in a moment", Map.of()));
            }
            if (first) {
                LOG.error("Could not store deployment changes; they are kept and written when the store takes "
                        + "them, and nothing is sent or acknowledged before", e);
            } else {
                LOG.warn("The store still refuses deployment changes ({}); retrying in {} ms", e.toString(),
                        retryDelay.toMillis());
            }
            failed.forEach(Runnable::run);
            return false;
        }
        if (commitPending) {
            LOG.info("The store took the deployment changes it had refused; carrying on");
        }
        commitPending = false;
        retryDelay = FIRST_RETRY;
        done.forEach(Runnable::run);
        return true;
    }

    private void commitProgressLater() {
        if (progressCommitScheduled) {
            return;
        }
        progressCommitScheduled = true;
        try {
            thread.schedule(() -> {
                progressCommitScheduled = false;
                if (!tryCommit()) {
                    retryLater();
                }
            }, PROGRESS_COMMIT_DELAY.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            LOG.debug("Orchestrator stopped; its last commit takes the progress");
        }
    }

    private void retryLater() {
        drainScheduled.set(true);
        Duration delay = retryDelay;
        retryDelay = delay.multipliedBy(2).compareTo(LAST_RETRY) > 0 ? LAST_RETRY : delay.multipliedBy(2);
        try {
            thread.schedule(this::drain, delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            LOG.debug("Orchestrator stopped while retrying a commit");
        }
    }

    /** Saturated past {@code maxQueued}, relieved at a quarter of it; transitions are told in order. */
    private void updatePressure() {
        synchronized (pressureLock) {
            int waiting = queued.get();
            boolean on = saturated ? waiting > maxQueued / 4 : waiting > maxQueued;
            if (on == saturated) {
                return;
            }
            saturated = on;
            if (on) {
                LOG.warn("More than {} agent reports wait for the store; reading from agents pauses until they "
                        + "are written", maxQueued);
            } else {
                LOG.info("Agent reports are written again; reading from agents resumes");
            }
            pressure.intakeSaturated(on);
        }
    }
}
