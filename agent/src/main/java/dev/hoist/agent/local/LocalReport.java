package dev.hoist.agent.local;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.MinimalPrettyPrinter;
import dev.hoist.agent.lifecycle.DeploymentResult;
import dev.hoist.agent.lifecycle.EventReport;
import dev.hoist.agent.state.InFlightEvent;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
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
 *
 * <p>Written with Jackson's streaming generator (jackson-core), not its object mapper: the agent has one
 * JSON library, and the generator costs a local run a few dozen classes where databind would cost a
 * good part of a second. The layout is one line with {@code ", "} and {@code ": "} separators.
 */
final class LocalReport {

    private LocalReport() {
    }

    static String json(DeploymentResult result) {
        StringWriter text = new StringWriter();
        try (JsonGenerator json = new JsonFactory().createGenerator(text)) {
            json.setPrettyPrinter(new OneLine());
            write(json, result);
        } catch (IOException e) {
            throw new UncheckedIOException("a StringWriter does not fail", e);
        }
        return text.toString();
    }

    private static void write(JsonGenerator json, DeploymentResult result) throws IOException {
        json.writeStartObject();
        json.writeStringField("status", result.succeeded() ? "Succeeded" : "Failed");
        json.writeStringField("deploymentId", result.deploymentId());
        json.writeArrayFieldStart("events");
        for (EventReport event : result.events()) {
            json.writeStartObject();
            json.writeStringField("event", event.event().wireName());
            json.writeStringField("status", event.status().displayName());
            json.writeStringField("failure", event.failure() == null ? null : event.failure().name());
            json.writeStringField("message", event.message());
            if (event.exitCode() == null) {
                json.writeNullField("exitCode");
            } else {
                json.writeNumberField("exitCode", event.exitCode());
            }
            json.writeStringField("startedAt", text(event.startedAt()));
            json.writeStringField("endedAt", text(event.endedAt()));
            json.writeEndObject();
        }
        json.writeEndArray();
        if (result.error() == null) {
            json.writeNullField("error");
        } else {
            json.writeObjectFieldStart("error");
            json.writeStringField("failure", result.error().failure().name());
            json.writeStringField("message", result.error().message());
            json.writeEndObject();
        }
        if (!result.warnings().isEmpty()) {
            json.writeArrayFieldStart("warnings");
            for (String warning : result.warnings()) {
                json.writeStartObject();
                json.writeStringField("message", warning);
                json.writeEndObject();
            }
            json.writeEndArray();
        }
        if (result.interruptedEarlier().isPresent()) {
            InFlightEvent lost = result.interruptedEarlier().get();
            json.writeObjectFieldStart("interruptedEarlier");
            json.writeStringField("deploymentId", lost.deploymentId());
            json.writeStringField("event", lost.event());
            json.writeStringField("status", "Failed");
            json.writeStringField("failure", "FAILED_AFTER_RESTART");
            json.writeStringField("startedAt", text(lost.startedAt()));
            json.writeEndObject();
        }
        json.writeEndObject();
    }

    private static String text(Instant instant) {
        return instant == null ? null : instant.toString();
    }

    /** One line, a space after each {@code :} and {@code ,}: what docs/local-mode.md shows. */
    private static final class OneLine extends MinimalPrettyPrinter {
        private static final long serialVersionUID = 1L;

        @Override
        public void writeObjectFieldValueSeparator(JsonGenerator json) throws IOException {
            json.writeRaw(": ");
        }

        @Override
        public void writeObjectEntrySeparator(JsonGenerator json) throws IOException {
            json.writeRaw(", ");
        }

        @Override
        public void writeArrayValueSeparator(JsonGenerator json) throws IOException {
            json.writeRaw(", ");
        }
    }
}
