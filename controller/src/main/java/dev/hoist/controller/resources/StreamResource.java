package dev.hoist.controller.resources;

import dev.hoist.controller.core.Refusal;
import dev.hoist.controller.live.LiveUpdates;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * {@code /api/v1/stream}: server-sent events of committed changes: deployments' ({@code deployment},
 * {@code host}, {@code log} when asked for) and, when asked for, agents' ({@code agent}), each with the
 * JSON the REST API returns for it and an id {@code SEQ.N.RUN}: the commit that stored it (the
 * {@code seq} a deployment's representation carries), its place after that commit, and the
 * controller's run. A client that reconnects with {@code Last-Event-ID} gets what it missed, or a
 * {@code reset} event when that is no longer kept (or the id is of an earlier run). A client that
 * comes without one first gets a {@code connected} event whose id is where the stream stands, so that
 * it has an id to resume from even if no change comes before its connection drops. A comment line is the heartbeat when
 * idle. A client that falls behind is sent an {@code overflow} event and disconnected.
 */
@Path("/api/v1/stream")
@RolesAllowed("viewer")
public final class StreamResource {
    private final LiveUpdates updates;
    private final Duration heartbeat;

    public StreamResource(LiveUpdates updates, Duration heartbeat) {
        this.updates = updates;
        this.heartbeat = heartbeat;
    }

    /**
     * @param deployment only this deployment's changes
     * @param application only the changes of this application's deployments
     * @param logs {@code true} to get log lines too (most of the traffic; off by default)
     * @param agents {@code true} to get agents' changes too (off by default; not with a deployment or
     *     application filter)
     * @param deployments {@code false} to leave out deployments' changes (on by default)
     * @param hosts {@code false} to leave out hosts' changes, for a client that needs only each deployment's
     *     own events (its status and counts): at a thousand hosts, a few events instead of thousands
     */
    @GET
    @Produces(MediaType.SERVER_SENT_EVENTS)
    public void stream(@QueryParam("deployment") String deployment, @QueryParam("application") String application,
            @QueryParam("logs") String logs, @QueryParam("agents") String agents,
            @QueryParam("deployments") String deployments, @QueryParam("hosts") String hosts,
            @HeaderParam(HttpHeaders.LAST_EVENT_ID_HEADER) String lastEventId,
            @Context SseEventSink sink, @Context Sse sse) {
        LiveUpdates.Filter filter = new LiveUpdates.Filter(blankToNull(deployment), blankToNull(application),
                flag("deployments", deployments, true), flag("hosts", hosts, true), flag("logs", logs, false),
                flag("agents", agents, false));
        if (filter.agents() && (filter.deploymentId() != null || filter.application() != null)) {
            throw Refusal.invalid("INVALID_QUERY", "agents=true goes with no deployment or application filter: "
                    + "agents belong to no deployment; open a stream of its own for them", Map.of("agents", agents));
        }
        LiveUpdates.EventId after = null;
        if (lastEventId != null && !lastEventId.isBlank()) {
            after = LiveUpdates.EventId.parse(lastEventId);
            if (after == null) {
                throw Refusal.invalid("INVALID_LAST_EVENT_ID", "Last-Event-ID '" + lastEventId + "' is not an id "
                        + "this stream sent (they look like 1234.0.k3v9q2); reconnect without it", Map.of());
            }
        }
        try (sink; LiveUpdates.Subscription subscription = updates.subscribe(filter, after)) {
            // Without an id to resume from, the client gets where the stream stands now: if this
            // connection drops before any change comes, it still resumes without missing one.
            // (An event without data carries no id in Jersey, hence the small 'connected' event.)
            String position = subscription.position().toString();
            send(sink, after == null
                    ? sse.newEventBuilder().id(position).name("connected")
                            .data("{\"position\": \"" + position + "\"}").build()
                    : sse.newEventBuilder().comment("connected").build());
            while (!sink.isClosed()) {
                LiveUpdates.Update update = subscription.next(heartbeat.toMillis(), TimeUnit.MILLISECONDS);
                if (update != null) {
                    send(sink, sse.newEventBuilder().id(update.id().toString()).name(update.type())
                            .data(update.json()).build());
                } else if (subscription.closing()) {
                    return; // the controller is stopping
                } else if (subscription.dropped()) {
                    send(sink, sse.newEventBuilder().name("overflow").data("{\"message\": \"this client fell "
                            + "behind and is disconnected; reconnect with Last-Event-ID to catch up\"}").build());
                    return;
                } else {
                    send(sink, sse.newEventBuilder().comment("heartbeat").build());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            // The client went away; its subscription is closed above.
        }
    }

    private static void send(SseEventSink sink, OutboundSseEvent event) throws InterruptedException,
            ExecutionException {
        sink.send(event).toCompletableFuture().get();
    }

    private static boolean flag(String name, String value, boolean absent) {
        if (value == null || value.isBlank()) {
            return absent;
        }
        if (value.equalsIgnoreCase("true") || value.equals("1")) {
            return true;
        }
        if (value.equalsIgnoreCase("false") || value.equals("0")) {
            return false;
        }
        throw Refusal.invalid("INVALID_QUERY", name + " must be true or false, not '" + value + "'",
                Map.of(name, value));
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
