package dev.hoist.agent.deploy;

import dev.hoist.agent.exchange.TrafficStepOutcome;
import dev.hoist.agent.lifecycle.Cancellation;
import dev.hoist.agent.lifecycle.EventGate;
import dev.hoist.protocol.appspec.LifecycleEvent;
import dev.hoist.protocol.deploy.FailureClass;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * BlockTraffic and AllowTraffic of a group behind a load balancer: the event has been reported
 * {@code InProgress}, which tells the controller to have the balancer's agent do the step; this gate
 * waits, while the event stays in flight, for the controller's {@link TrafficStepOutcome}.
 *
 * <p>Contract: bounded by {@code timeout}, after which the event fails ({@code TRAFFIC_BLOCK_FAILED} or
 * {@code TRAFFIC_ALLOW_FAILED}); a hard cancellation ends the wait at once, a cancellation that lets
 * running hooks finish lets the step finish too (a host half taken out of service is worse).
 */
final class TrafficGate implements EventGate {
    private final String commandId;
    private final TrafficSteps steps;
    private final Duration timeout;

    TrafficGate(String commandId, TrafficSteps steps, Duration timeout) {
        this.commandId = commandId;
        this.steps = steps;
        this.timeout = timeout;
    }

    @Override
    public Optional<Refusal> check(LifecycleEvent event, Consumer<String> note, Cancellation cancellation) {
        if (event != LifecycleEvent.BLOCK_TRAFFIC && event != LifecycleEvent.ALLOW_TRAFFIC) {
            return Optional.empty();
        }
        FailureClass failure = event == LifecycleEvent.BLOCK_TRAFFIC ? FailureClass.TRAFFIC_BLOCK_FAILED
                : FailureClass.TRAFFIC_ALLOW_FAILED;
        note.accept("waiting up to " + timeout.toSeconds() + " s for the load balancer's agent to "
                + (event == LifecycleEvent.BLOCK_TRAFFIC ? "drain this host and take it out of service"
                : "put this host back in service and see it pass the balancer's health check"));
        CompletableFuture<TrafficStepOutcome> answer = steps.await(commandId, event.wireName());
        try (Cancellation.Registration ignored = cancellation.onCancel(() -> answer.cancel(false))) {
            TrafficStepOutcome outcome = answer.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            note.accept("load balancer: " + outcome.message());
            if (outcome.ok()) {
                return Optional.empty();
            }
            FailureClass reported = FailureClass.valueOf(outcome.failure().isBlank() ? failure.name()
                    : knownOr(outcome.failure(), failure));
            return Optional.of(new Refusal(reported, outcome.message()));
        } catch (TimeoutException e) {
            return Optional.of(new Refusal(failure, "the controller did not report the load balancer step within "
                    + timeout.toSeconds() + " s (is the balancer's agent connected?)"));
        } catch (CancellationException e) {
            return Optional.of(new Refusal(FailureClass.CANCELLED, "the load balancer step was cancelled: "
                    + cancellation.reason()));
        } catch (ExecutionException e) {
            return Optional.of(new Refusal(failure, "the load balancer step failed: " + e.getCause()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of(new Refusal(FailureClass.CANCELLED, "the load balancer step was abandoned: the agent "
                    + "is shutting down"));
        } finally {
            steps.forget(commandId, event.wireName());
        }
    }

    private static String knownOr(String name, FailureClass fallback) {
        for (FailureClass known : FailureClass.values()) {
            if (known.name().equals(name)) {
                return name;
            }
        }
        return fallback.name();
    }
}
