package dev.hoist.agent.health;

import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/**
 * The health gate after {@code ValidateService}: every check must pass at every round, rounds an
 * interval apart, until the bake time is over. The first failing round fails the host with
 * {@code HEALTH_CHECK_FAILED}; a bake time of zero means one round.
 *
 * <p>Blocking; runs on the deployment's worker thread. The clock and the wait between rounds are
 * injected so the loop can be tested without waiting.
 */
public final class HealthGate {
    private final HealthProbe probe;
    private final Ticker ticker;

    public HealthGate(HealthProbe probe, Ticker ticker) {
        this.probe = probe;
        this.ticker = ticker;
    }

    /** Real time: {@link System#nanoTime()} and {@link Thread#sleep}. */
    public static HealthGate systemGate() {
        return new HealthGate(new HealthProbe(), Ticker.SYSTEM);
    }

    /**
     * @param progress told of each round's outcome, for the deployment's log
     * @return {@code null} when healthy throughout, else the first failure
     */
    public String await(List<HealthCheck> checks, Duration bake, Duration interval, Consumer<String> progress)
            throws InterruptedException {
        if (checks.isEmpty()) {
            return null;
        }
        long end = ticker.nanoTime() + bake.toNanos();
        for (int round = 1; ; round++) {
            for (HealthCheck check : checks) {
                String failure = probe.probe(check);
                if (failure != null) {
                    progress.accept("health check round " + round + ": " + failure);
                    return failure;
                }
            }
            progress.accept("health check round " + round + ": all " + checks.size() + " checks passed");
            long left = end - ticker.nanoTime();
            if (left <= 0) {
                return null;
            }
            ticker.pause(Duration.ofNanos(Math.min(left, interval.toNanos())));
        }
    }

    /** Time as the gate sees it. */
    public interface Ticker {
        Ticker SYSTEM = new Ticker() {
            @Override
            public long nanoTime() {
                return System.nanoTime();
            }

            @Override
            public void pause(Duration duration) throws InterruptedException {
                Thread.sleep(duration.toMillis(), (int) (duration.toNanos() % 1_000_000));
            }
        };

        long nanoTime();

        void pause(Duration duration) throws InterruptedException;
    }
}
