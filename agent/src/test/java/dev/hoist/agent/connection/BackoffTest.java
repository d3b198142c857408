package dev.hoist.agent.connection;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BackoffTest {

    @Test
    void doublesUpToTheCapWithJitterInTheUpperHalf() {
        Backoff lowest = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60), () -> 0.0);
        Backoff highest = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60), () -> 0.999_999);
        List<Long> low = new ArrayList<>();
        List<Long> high = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            low.add(lowest.nextDelay().toMillis());
            high.add(highest.nextDelay().toMillis());
        }

        assertThat(low).containsExactly(500L, 1000L, 2000L, 4000L, 8000L, 16000L, 30000L, 30000L, 30000L, 30000L);
        assertThat(high).startsWith(999L, 1999L, 3999L).endsWith(59999L);
    }

    @Test
    void resetStartsOverAfterAnAcceptedConnection() {
        Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(10), () -> 0.0);
        backoff.nextDelay();
        backoff.nextDelay();
        backoff.reset();

        assertThat(backoff.nextDelay()).isEqualTo(Duration.ofMillis(50));
    }

    @Test
    void neverOverflowsAfterManyFailures() {
        Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60), () -> 0.5);
        for (int i = 0; i < 1000; i++) {
            assertThat(backoff.nextDelay()).isBetween(Duration.ZERO, Duration.ofSeconds(60));
        }
    }
}
