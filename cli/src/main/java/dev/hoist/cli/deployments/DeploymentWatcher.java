package dev.hoist.cli.deployments;

import dev.hoist.api.DeploymentView;
import dev.hoist.cli.ExitCodes;
import dev.hoist.cli.client.Answer;
import dev.hoist.cli.client.ApiClient;
import dev.hoist.cli.client.CliFailure;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Follows one deployment until it ends or a deadline passes: fetches {@code GET /deployments/{id}},
 * shows each snapshot, and waits for a change notice or the next poll. The controller announces a
 * change only once it is committed, and every representation carries the number of the commit it is
 * at least as new as, so a read on a notice sees the change (one that shows an older number than the
 * notice is read again). With live notices a poll is only a guard against a stream that died without
 * a word; without them it is every {@link #FAST_POLL}.
 */
public final class DeploymentWatcher {
    static final Duration FAST_POLL = Duration.ofMillis(250);
    static final Duration SAFETY_POLL = Duration.ofSeconds(10);
    /** Reads of one notice's change that may come back older than it, before showing what there is. */
    private static final int STALE_READS = 3;

    private final ApiClient client;
    private final WakeUps wakeUps;
    private final Clock clock;

    public DeploymentWatcher(ApiClient client, WakeUps wakeUps, Clock clock) {
        this.client = client;
        this.wakeUps = wakeUps;
        this.clock = clock;
    }

    /**
     * The outcome of watching.
     *
     * @param answer the last snapshot, as sent and as read
     * @param timedOut whether the deadline passed before the deployment ended
     */
    public record Outcome(Answer<DeploymentView> answer, boolean timedOut) {
        public DeploymentView deployment() {
            return answer.value();
        }
    }

    public Outcome watch(String id, Instant deadline, DeploymentProgress progress) {
        wakeUps.watch(id);
        Answer<DeploymentView> current = fetch(id);
        progress.show(current.value());
        while (!DeploymentJson.isFinal(current.value())) {
            Duration left = Duration.between(clock.instant(), deadline);
            if (left.isNegative() || left.isZero()) {
                return new Outcome(current, true);
            }
            pause(min(wakeUps.live() ? SAFETY_POLL : FAST_POLL, left));
            current = fetch(id);
            for (int again = 0; again < STALE_READS && current.value().seq() < wakeUps.noticedSeq(id); again++) {
                current = fetch(id);
            }
            progress.show(current.value());
        }
        return new Outcome(current, false);
    }

    public Answer<DeploymentView> fetch(String id) {
        return client.get("/api/v1/deployments/" + ApiClient.encode(id), DeploymentView.class);
    }

    private void pause(Duration duration) {
        try {
            wakeUps.await(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliFailure("interrupted while waiting for the deployment; it goes on without us",
                    ExitCodes.REFUSED);
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
