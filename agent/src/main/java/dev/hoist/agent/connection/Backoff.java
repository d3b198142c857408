package dev.hoist.agent.connection;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * Reconnect delays: exponential from {@code initial}, capped at {@code max}, with "equal jitter" (a delay
 * of d becomes d/2 plus a random part up to d/2), so that agents losing the controller at the same moment
 * do not all come back in the same second. Not thread-safe: used on the connection's event loop.
 */
public final class Backoff {
    private final Duration initial;
    private final Duration max;
    private final DoubleSupplier random;
    private int failures;

    public Backoff(Duration initial, Duration max, DoubleSupplier random) {
        if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("back-off needs 0 < initial <= max, not " + initial + " and " + max);
        }
        this.initial = initial;
        this.max = max;
        this.random = random;
    }

    /** The delay before the next attempt; each call counts one more failure. */
    public Duration nextDelay() {
        long ceiling = initial.toMillis() << Math.min(failures, 30);
        if (ceiling <= 0 || ceiling > max.toMillis()) {
            ceiling = max.toMillis();
        }
        failures++;
        long half = ceiling / 2;
        return Duration.ofMillis(half + (long) (random.getAsDouble() * (ceiling - half)));
    }

    /** Back to the initial delay, after a connection the controller accepted. */
    public void reset() {
        failures = 0;
    }
}
