package dev.hoist.controller.resources;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hoist.controller.core.deploy.Deployment;
import dev.hoist.controller.core.deploy.DeploymentStore;
import dev.hoist.controller.core.deploy.HostRun;
import dev.hoist.controller.core.deploy.LogLine;
import dev.hoist.controller.live.LiveUpdates;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Configuration;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.glassfish.jersey.server.ServerProperties;

/**
 * {@code /api/v1/stream}: server-sent events of deployment changes ({@code deployment}, {@code host},
 * {@code log}), each with a JSON {@code data} line, and a comment line as heartbeat when idle. A client that
 * falls behind is sent an {@code overflow} event and disconnected; it reconnects and reads the current state.
 */
@Path("/api/v1/stream")
@RolesAllowed("viewer")
public final class StreamResource {
    private final LiveUpdates updates;
    private final DeploymentStore store;
    private final ObjectMapper json;
    private final Duration heartbeat;

    public StreamResource(LiveUpdates updates, DeploymentStore store, ObjectMapper json, Duration heartbeat) {
        this.updates = updates;
        this.store = store;
        this.json = json;
        this.heartbeat = heartbeat;
    }

    /** @param deployment only this deployment's changes; all by default */
    @GET
    @Produces("text/event-stream")
    public StreamingOutput stream(@QueryParam("deployment") String deployment, @Context Configuration jersey) {
        String only = deployment == null || deployment.isBlank() ? null : deployment.trim();
        // Jersey holds back a response (to compute its length) until this many bytes were written, and
        // ignores flush() until then; the first comment is padded past it so that updates flow at once.
        int heldBack = ServerProperties.getValue(jersey.getProperties(),
                ServerProperties.OUTBOUND_CONTENT_LENGTH_BUFFER, 8192, Integer.class);
        String connected = ": connected" + " ".repeat(Math.max(0, heldBack + 1)) + "\n\n";
        return output -> {
            try (LiveUpdates.Subscription subscription = updates.subscribe(only)) {
                write(output, connected);
                while (true) {
                    LiveUpdates.Update update = subscription.next(heartbeat.toMillis(), TimeUnit.MILLISECONDS);
                    if (update != null) {
                        write(output, "event: " + update.type() + "\ndata: " + json.writeValueAsString(view(update))
                                + "\n\n");
                    } else if (subscription.dropped()) {
                        write(output, "event: overflow\ndata: {\"message\": \"this client fell behind and is "
                                + "disconnected; reconnect and read the current state\"}\n\n");
                        return;
                    } else {
                        write(output, ": heartbeat\n\n");
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (IOException e) {
                // The client went away; its subscription is closed above.
            }
        };
    }

    private Object view(LiveUpdates.Update update) {
        if (update.value() instanceof Deployment deployment) {
            return ApiViews.deployment(deployment, store.hostCounts(List.of(deployment.id()))
                    .getOrDefault(deployment.id(), Map.of()), null);
        }
        if (update.value() instanceof HostRun host) {
            return ApiViews.deploymentHost(host, null);
        }
        return ApiViews.logLine((LogLine) update.value());
    }

    private static void write(OutputStream output, String text) throws IOException {
        output.write(text.getBytes(StandardCharsets.UTF_8));
        output.flush();
    }
}
