package dev.hoist.controller.console;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MinDuration;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Clock;
import java.util.concurrent.TimeUnit;

/** {@code console:} settings of the ops console's sign-in sessions. */
public class ConsoleFactory {
    /** A session ends this long after sign-in, whatever happens. */
    @JsonProperty
    @NotNull
    @MinDuration(value = 1, unit = TimeUnit.MINUTES)
    private Duration sessionLifetime = Duration.hours(12);

    /** A session nobody used for this long ends. */
    @JsonProperty
    @NotNull
    @MinDuration(value = 1, unit = TimeUnit.MINUTES)
    private Duration sessionIdleTimeout = Duration.hours(1);

    /** Past this many open sessions, the least recently used one ends. */
    @JsonProperty
    @Min(1)
    @Max(1_000_000)
    private int maxSessions = 10_000;

    public ConsoleSessions buildSessions(Clock clock) {
        return new ConsoleSessions(clock, sessionLifetime.toJavaDuration(), sessionIdleTimeout.toJavaDuration(),
                maxSessions);
    }
}
