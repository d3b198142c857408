package dev.hoist.controller.resources;

import dev.hoist.api.AgentView;
import dev.hoist.api.TagsRequest;
import dev.hoist.controller.audit.Audited;
import dev.hoist.controller.auth.ApiPrincipal;
import dev.hoist.controller.core.Agent;
import dev.hoist.controller.core.AgentQuery;
import dev.hoist.controller.core.AgentRevoker;
import dev.hoist.controller.core.AgentState;
import dev.hoist.controller.core.AgentStore;
import dev.hoist.controller.core.Refusal;
import dev.hoist.controller.core.Tags;
import io.dropwizard.auth.Auth;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** {@code /api/v1/agents}: the agent registry. Anyone may read; admins revoke and tag. */
@Path("/api/v1/agents")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed("viewer")
public final class AgentResource {
    private final AgentStore store;
    private final AgentRevoker revoker;

    public AgentResource(AgentStore store, AgentRevoker revoker) {
        this.store = store;
        this.revoker = revoker;
    }

    /** Most agents one page of the list holds. */
    static final int MAX_PAGE = 1000;
    /** Header that carries how many agents match, whatever the page. */
    static final String TOTAL_COUNT = "X-Total-Count";

    /**
     * @param tags repeated {@code tag=KEY} (the tag is set) or {@code tag=KEY=VALUE}; all must match
     * @param state {@code Connected}, {@code Disconnected} or {@code Revoked}
     * @param limit at most this many (1 to 1000); every match when absent
     * @param offset skip this many matches first (by hostname, then id)
     */
    @GET
    public Response list(@QueryParam("tag") List<String> tags, @QueryParam("state") String state,
            @QueryParam("limit") String limit, @QueryParam("offset") String offset) {
        AgentState wanted = null;
        if (state != null && !state.isBlank()) {
            wanted = AgentState.parse(state.trim());
            if (wanted == null) {
                List<String> valid = Arrays.stream(AgentState.values()).map(AgentState::displayName).toList();
                throw Refusal.invalid("INVALID_STATE", "state '" + state + "' is not one of " + valid,
                        Map.of("state", state, "valid", valid));
            }
        }
        List<String> filters = Tags.validateFilters(tags == null ? List.of() : tags);
        int pageSize = number("limit", limit, Integer.MAX_VALUE, 1, MAX_PAGE);
        int skip = number("offset", offset, 0, 0, Integer.MAX_VALUE);
        List<Agent> matching = store.list(new AgentQuery(filters, wanted));
        List<AgentView> page = matching.stream().skip(skip).limit(pageSize).map(ApiViews::agent).toList();
        return Response.ok(page).header(TOTAL_COUNT, matching.size()).build();
    }

    private static int number(String name, String text, int absent, int min, int max) {
        if (text == null || text.isBlank()) {
            return absent;
        }
        try {
            int value = Integer.parseInt(text.trim());
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw Refusal.invalid(name.equals("limit") ? "INVALID_LIMIT" : "INVALID_QUERY",
                name + " '" + text + "' must be a whole number from " + min + " to " + max,
                Map.of(name, text, "min", min, "max", max));
    }

    @GET
    @Path("{id}")
    public AgentView get(@PathParam("id") String id) {
        return ApiViews.agent(find(id));
    }

    @POST
    @Path("{id}/revoke")
    @RolesAllowed("admin")
    @Audited("agent.revoke")
    public AgentView revoke(@Auth ApiPrincipal caller, @PathParam("id") String id) {
        revoker.revoke(id, caller.name());
        return ApiViews.agent(find(id));
    }

    /** Replaces every tag of the agent. */
    @PUT
    @Path("{id}/tags")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed("admin")
    @Audited("agent.tags.replace")
    public AgentView replaceTags(@PathParam("id") String id, TagsRequest request) {
        if (request == null || request.tags() == null) {
            throw Refusal.invalid("INVALID_BODY", "send {\"tags\": {\"KEY\": \"VALUE\", ...}}", Map.of());
        }
        if (request.remove() != null && !request.remove().isEmpty()) {
            throw Refusal.invalid("INVALID_BODY", "'remove' only goes with POST; PUT replaces every tag",
                    Map.of("field", "remove"));
        }
        return setTags(id, Tags.validate(request.tags()));
    }

    /** Sets the given tags and removes the given keys, keeping the others. */
    @POST
    @Path("{id}/tags")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed("admin")
    @Audited("agent.tags.update")
    public AgentView updateTags(@PathParam("id") String id, TagsRequest request) {
        if (request == null || (request.tags() == null && request.remove() == null)) {
            throw Refusal.invalid("INVALID_BODY",
                    "send {\"tags\": {\"KEY\": \"VALUE\"}} and/or {\"remove\": [\"KEY\"]}", Map.of());
        }
        Map<String, String> tags = new TreeMap<>(find(id).tags());
        if (request.remove() != null) {
            request.remove().forEach(tags::remove);
        }
        if (request.tags() != null) {
            tags.putAll(request.tags());
        }
        return setTags(id, Tags.validate(tags));
    }

    private AgentView setTags(String id, Map<String, String> tags) {
        if (!store.setTags(id, tags)) {
            throw agentNotFound(id);
        }
        return ApiViews.agent(find(id));
    }

    private Agent find(String id) {
        return store.find(id).orElseThrow(() -> agentNotFound(id));
    }

    private static Refusal agentNotFound(String id) {
        return Refusal.notFound("AGENT_NOT_FOUND", "no agent with id '" + id + "'; list agents with: hoist agent list",
                Map.of("agentId", id));
    }
}
