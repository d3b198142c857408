package dev.hoist.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * A freeze window as the API shows it.
 *
 * @param application null for every application
 * @param group null for every group of the application
 * @param from and {@code to}: a one-off window; absent for a weekly one
 * @param weeklyFrom and {@code weeklyTo} ({@code FRIDAY 16:00}) and {@code timeZone}: a weekly window
 * @param activeNow whether it freezes deployments at the time of the answer
 */
public record FreezeWindowView(
        String id,
        String application,
        String group,
        @JsonInclude(JsonInclude.Include.NON_NULL) Instant from,
        @JsonInclude(JsonInclude.Include.NON_NULL) Instant to,
        @JsonInclude(JsonInclude.Include.NON_NULL) String weeklyFrom,
        @JsonInclude(JsonInclude.Include.NON_NULL) String weeklyTo,
        @JsonInclude(JsonInclude.Include.NON_NULL) String timeZone,
        String reason,
        String createdBy,
        Instant createdAt,
        boolean activeNow) {
}
