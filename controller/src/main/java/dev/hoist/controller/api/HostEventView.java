package dev.hoist.controller.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.hoist.controller.core.deploy.HostEvent;
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

    public static HostEventView of(HostEvent event, List<LogLineView> logs) {
        return new HostEventView(event.event(), event.status().displayName(), event.failure(), event.exitCode(),
                event.message(), event.startedAt(), event.endedAt(), logs);
    }
}
