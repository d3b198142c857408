package dev.hoist.controller.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hoist.controller.core.ApiToken;
import dev.hoist.controller.core.Role;
import dev.hoist.controller.core.Secrets;
import dev.hoist.controller.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ConsoleSessionsTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final ConsoleSessions sessions = new ConsoleSessions(clock, Duration.ofHours(12), Duration.ofHours(1), 3);
    private final ApiToken token = new ApiToken("tok-1", "alice", Role.DEPLOYER, Secrets.hash("hoist_api_secret"),
            Instant.EPOCH);

    @Test
    void aSessionIsFoundByItsCookieAndKeepsOnlyHashes() {
        ConsoleSessions.Opened opened = sessions.open(token);

        assertThat(sessions.find(opened.cookieValue())).get()
                .satisfies(session -> {
                    assertThat(session.tokenSecretHash()).isEqualTo(token.secretHash());
                    assertThat(session.idHash()).isEqualTo(Secrets.hash(opened.cookieValue()))
                            .isNotEqualTo(opened.cookieValue());
                    assertThat(session.csrfToken()).hasSizeGreaterThanOrEqualTo(32).isNotEqualTo(opened.cookieValue());
                });
        assertThat(sessions.find("hs_" + "x".repeat(32))).isEmpty();
        assertThat(sessions.find(null)).isEmpty();
    }

    @Test
    void aSessionUsedWithinItsIdleTimeoutLivesUntilItsLifetimeEnds() {
        ConsoleSessions.Opened opened = sessions.open(token);
        for (int hour = 0; hour < 11; hour++) {
            clock.advance(Duration.ofMinutes(59));
            assertThat(sessions.find(opened.cookieValue())).as("after %d uses", hour + 1).isPresent();
        }
        clock.advance(Duration.ofMinutes(60));

        assertThat(sessions.find(opened.cookieValue())).as("past 12 hours").isEmpty();
    }

    @Test
    void anIdleSessionEnds() {
        ConsoleSessions.Opened opened = sessions.open(token);
        clock.advance(Duration.ofMinutes(61));

        assertThat(sessions.find(opened.cookieValue())).isEmpty();
    }

    @Test
    void signOutEndsTheSession() {
        ConsoleSessions.Opened opened = sessions.open(token);
        sessions.close(opened.cookieValue());

        assertThat(sessions.find(opened.cookieValue())).isEmpty();
    }

    @Test
    void pastTheMaximumTheLeastRecentlyUsedSessionEnds() {
        ConsoleSessions.Opened first = sessions.open(token);
        clock.advance(Duration.ofSeconds(1));
        ConsoleSessions.Opened second = sessions.open(token);
        clock.advance(Duration.ofSeconds(1));
        ConsoleSessions.Opened third = sessions.open(token);
        clock.advance(Duration.ofSeconds(1));
        sessions.find(first.cookieValue());
        ConsoleSessions.Opened fourth = sessions.open(token);

        assertThat(sessions.size()).isEqualTo(3);
        assertThat(sessions.find(second.cookieValue())).isEmpty();
        assertThat(sessions.find(first.cookieValue())).isPresent();
        assertThat(sessions.find(third.cookieValue())).isPresent();
        assertThat(sessions.find(fourth.cookieValue())).isPresent();
    }

    @Test
    void concurrentSignInsNeverTakeTheTablePastItsMaximum() throws Exception {
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                done.add(pool.submit(() -> {
                    go.await();
                    for (int i = 0; i < 200; i++) {
                        sessions.open(token);
                        assertThat(sessions.size()).isLessThanOrEqualTo(3);
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> each : done) {
                each.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(sessions.size()).isEqualTo(3);
    }
}
