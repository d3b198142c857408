package dev.hoist.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;

/** One lifecycle event of a host; {@code logs} only where the call asks for them. */
public record HostEventView(
        String event,
        String status,
        String failure,
        Integer exitCode,
        String message,
        Instant startedAt,
        Instant endedAt,
        @JsonInclude(JsonInclude.Include.NON_NULL) List<LogLineView> logs) {
}
