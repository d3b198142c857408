package dev.hoist.controller.resources;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hoist.controller.core.Agent;
import dev.hoist.controller.core.deploy.Deployment;
import dev.hoist.controller.core.deploy.HostRun;
import dev.hoist.controller.core.deploy.HostStatus;
import dev.hoist.controller.core.deploy.LogLine;
import dev.hoist.controller.live.LiveUpdates;
import java.io.UncheckedIOException;
import java.util.Map;

/** Renders the live stream's changes as the same JSON the REST API returns for them. */
public final class StreamEvents implements LiveUpdates.Renderer {
    private final ObjectMapper json;

    public StreamEvents(ObjectMapper json) {
        this.json = json;
    }

    @Override
    public String deployment(Deployment deployment, Map<HostStatus, Integer> hostCounts, long seq) {
        return write(ApiViews.deployment(deployment, hostCounts, null, seq));
    }

    @Override
    public String host(HostRun host) {
        return write(ApiViews.deploymentHost(host, null));
    }

    @Override
    public String logLine(LogLine line) {
        return write(ApiViews.logLine(line));
    }

    @Override
    public String agent(Agent agent) {
        return write(ApiViews.agent(agent));
    }

    private String write(Object view) {
        try {
            return json.writeValueAsString(view);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("cannot render a live-stream change as JSON", e);
        }
    }
}
