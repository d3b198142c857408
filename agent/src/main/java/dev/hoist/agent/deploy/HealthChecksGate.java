package dev.hoist.agent.deploy;

import dev.hoist.agent.health.HealthCheck;
import dev.hoist.agent.health.HealthGate;
import dev.hoist.agent.health.HealthProbe;
import dev.hoist.agent.lifecycle.Cancellation;
import dev.hoist.agent.lifecycle.EventGate;
import dev.hoist.protocol.appspec.LifecycleEvent;
import dev.hoist.protocol.deploy.FailureClass;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The deployment group's health checks, run after {@code ValidateService} succeeded: a failure turns
 * ValidateService into a failed event with {@code HEALTH_CHECK_FAILED}, so the later events are
 * {@code Skipped} (Hoist reports the gate as part of ValidateService rather than as an event of its
 * own, so the events are always the CodeDeploy ones). A hard cancellation ends the gate at its next
 * wait; a cancellation that lets running hooks finish lets the gate finish too.
 */
final class HealthChecksGate implements EventGate {
    private final List<HealthCheck> checks;
    private final Duration bake;
    private final Duration interval;

    HealthChecksGate(List<HealthCheck> checks, Duration bake, Duration interval) {
        this.checks = List.copyOf(checks);
        this.bake = bake;
        this.interval = interval;
    }

    @Override
    public Optional<Refusal> check(LifecycleEvent event, Consumer<String> note, Cancellation cancellation) {
        if (event != LifecycleEvent.VALIDATE_SERVICE || checks.isEmpty()) {
            return Optional.empty();
        }
        note.accept("health gate: " + checks.size() + " check(s) every " + interval.toSeconds() + " s for "
                + bake.toSeconds() + " s");
        CountDownLatch cancelled = new CountDownLatch(1);
        try (Cancellation.Registration ignored = cancellation.onCancel(cancelled::countDown)) {
            String failure = new HealthGate(new HealthProbe(), new CancellableTicker(cancelled))
                    .await(checks, bake, interval, note);
            return failure == null ? Optional.empty()
                    : Optional.of(new Refusal(FailureClass.HEALTH_CHECK_FAILED, "health check failed: " + failure));
        } catch (GateCancelled e) {
            return Optional.of(new Refusal(FailureClass.CANCELLED, "the health gate was cancelled: "
                    + cancellation.reason()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of(new Refusal(FailureClass.CANCELLED, "the health gate was stopped: the agent is "
                    + "shutting down"));
        }
    }

    /** Real time, whose pauses end early, with {@link GateCancelled}, when the deployment is cancelled. */
    private record CancellableTicker(CountDownLatch cancelled) implements HealthGate.Ticker {
        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public void pause(Duration duration) throws InterruptedException {
            if (cancelled.await(duration.toNanos(), TimeUnit.NANOSECONDS)) {
                throw new GateCancelled();
            }
        }
    }

    private static final class GateCancelled extends RuntimeException {
        private static final long serialVersionUID = 1L;

        GateCancelled() {
            super(null, null, false, false);
        }
    }
}
