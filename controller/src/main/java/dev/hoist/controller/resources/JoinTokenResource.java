package dev.hoist.controller.resources;

import dev.hoist.api.CreateJoinTokenRequest;
import dev.hoist.api.JoinTokenCreated;
import dev.hoist.api.JoinTokenView;
import dev.hoist.controller.audit.Audited;
import dev.hoist.controller.auth.ApiPrincipal;
import dev.hoist.controller.core.JoinTokenIssuer;
import dev.hoist.controller.core.JoinTokenStore;
import dev.hoist.controller.core.Refusal;
import dev.hoist.controller.install.InstallLine;
import io.dropwizard.auth.Auth;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;

/** {@code /api/v1/join-tokens}: tokens that let new agents enroll. Admins only. */
@Path("/api/v1/join-tokens")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed("admin")
public final class JoinTokenResource {
    private final JoinTokenIssuer issuer;
    private final JoinTokenStore store;
    private final Supplier<String> caPin;
    private final Supplier<String> gatewayAddress;
    private final InstallLine installLine;
    private final Clock clock;

    /**
     * @param caPin the CA pin agents check, {@code sha256:HEX}
     * @param gatewayAddress {@code HOST:PORT} agents dial, as printed in the enroll command
     * @param installLine the install one-liner, printed with the enroll command
     */
    public JoinTokenResource(JoinTokenIssuer issuer, JoinTokenStore store, Supplier<String> caPin,
            Supplier<String> gatewayAddress, InstallLine installLine, Clock clock) {
        this.issuer = issuer;
        this.store = store;
        this.caPin = caPin;
        this.gatewayAddress = gatewayAddress;
        this.installLine = installLine;
        this.clock = clock;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Audited("join-token.create")
    public Response create(@Auth ApiPrincipal caller, CreateJoinTokenRequest request,
            @Context ContainerRequestContext context, @Context UriInfo uri) {
        CreateJoinTokenRequest body = request == null ? new CreateJoinTokenRequest(null, null, null) : request;
        JoinTokenIssuer.Issued issued = issuer.issue(body.tags(), body.allowTagKeys(), body.ttl(), body.uses(),
                caller.name());
        context.setProperty(Audited.TARGET_PROPERTY, issued.token().id());
        String pin = caPin.get();
        String command = "hoist-agent enroll --controller " + gatewayAddress.get() + " --token " + issued.secret()
                + " --ca-pin " + pin;
        JoinTokenCreated created = new JoinTokenCreated(issued.token().id(), issued.secret(), pin,
                issued.token().expiresAt(), issued.token().usesLeft(), new TreeMap<>(issued.token().tags()),
                List.copyOf(new TreeSet<>(issued.token().allowedTagKeys())), command,
                installLine.command(uri.getBaseUri(), issued.secret(), pin));
        return Response.status(Response.Status.CREATED).entity(created).build();
    }

    @GET
    public List<JoinTokenView> list() {
        Instant now = clock.instant();
        return store.list().stream().map(token -> ApiViews.joinToken(token, now)).toList();
    }

    @DELETE
    @Path("{id}")
    @Audited("join-token.delete")
    public Response delete(@PathParam("id") String id) {
        if (!store.delete(id)) {
            throw Refusal.notFound("JOIN_TOKEN_NOT_FOUND", "no join token with id '" + id
                    + "'; list them with: hoist token list", Map.of("id", id));
        }
        return Response.noContent().build();
    }
}
