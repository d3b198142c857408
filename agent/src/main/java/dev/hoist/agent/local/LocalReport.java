package dev.hoist.agent.local;

import dev.hoist.agent.lifecycle.DeploymentResult;
import dev.hoist.agent.lifecycle.EventReport;
import dev.hoist.agent.state.InFlightEvent;
import java.time.Instant;

/**
 * The JSON report of {@code hoist-agent local --output json}: the only thing printed on stdout.
 *
 * <pre>
 * {"status": "Succeeded|Failed", "deploymentId": "d-...",
 *  "events": [{"event", "status", "failure", "message", "exitCode", "startedAt", "endedAt"}, ...],
 *  "error": null | {"failure": "APPSPEC_INVALID", "message": "..."},
 *  "interruptedEarlier": {...}   (only when a previous run of the group died mid-event)}
 * </pre>
 *
 * A refusal before the first event (bundle or AppSpec invalid, group busy) is in {@code error}; the
 * events are then all {@code Skipped}, so {@code Failed} events always ran and failed.
 */
final class LocalReport {

    private LocalReport() {
    }

    static String json(DeploymentResult result) {
        JsonWriter json = new JsonWriter().beginObject()
                .field("status", result.succeeded() ? "Succeeded" : "Failed")
                .field("deploymentId", result.deploymentId())
                .beginArray("events");
        for (EventReport event : result.events()) {
            json.beginObject()
                    .field("event", event.event().wireName())
                    .field("status", event.status().displayName())
                    .field("failure", event.failure() == null ? null : event.failure().name())
                    .field("message", event.message())
                    .field("exitCode", event.exitCode())
                    .field("startedAt", text(event.startedAt()))
                    .field("endedAt", text(event.endedAt()))
                    .endObject();
        }
        json.endArray();
        if (result.error() == null) {
            json.nullField("error");
        } else {
            json.beginObject("error")
                    .field("failure", result.error().failure().name())
                    .field("message", result.error().message())
                    .endObject();
        }
        if (!result.warnings().isEmpty()) {
            json.beginArray("warnings");
            for (String warning : result.warnings()) {
                json.beginObject().field("message", warning).endObject();
            }
            json.endArray();
        }
        if (result.interruptedEarlier().isPresent()) {
            InFlightEvent lost = result.interruptedEarlier().get();
            json.beginObject("interruptedEarlier")
                    .field("deploymentId", lost.deploymentId())
                    .field("event", lost.event())
                    .field("status", "Failed")
                    .field("failure", "FAILED_AFTER_RESTART")
                    .field("startedAt", text(lost.startedAt()))
                    .endObject();
        }
        return json.endObject().toString();
    }

    private static String text(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
