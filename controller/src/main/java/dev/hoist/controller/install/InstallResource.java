package dev.hoist.controller.install;

import dev.hoist.controller.core.Refusal;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * {@code /install/}: the agent installer and the agent distribution it downloads. Served without a
 * token: a new server has none, and neither holds a secret (the join token is given to the script by
 * the operator). What a server trusts is the SHA-256 inside the script, checked against the download.
 */
@Path("/install")
public final class InstallResource {
    private final InstallerScript script;
    private final AgentDistribution distribution;
    private final Supplier<String> gatewayAddress;
    private final InstallLine line;

    public InstallResource(InstallerScript script, AgentDistribution distribution, Supplier<String> gatewayAddress,
            InstallLine line) {
        this.script = script;
        this.distribution = distribution;
        this.gatewayAddress = gatewayAddress;
        this.line = line;
    }

    @GET
    @Path("agent.sh")
    @Produces("text/x-shellscript; charset=utf-8")
    public Response installer(@Context UriInfo uri) {
        // The download URL uses the address this server just reached, unless an operator named one.
        String base = line.hasPublicUrl() ? line.baseUrl(uri.getBaseUri()) : stripSlash(uri.getBaseUri().toString());
        String text;
        try {
            text = script.render(gatewayAddress.get(), base + "/install/", distribution.current());
        } catch (IllegalArgumentException e) {
            throw Refusal.invalid("INSTALLER_ADDRESS_INVALID", e.getMessage()
                    + "; reach the controller by a plain host name or address, or set install.publicUrl", Map.of());
        }
        return Response.ok(text).cacheControl(CacheControl.valueOf("no-store")).build();
    }

    @GET
    @Path("{file}")
    @Produces("application/gzip")
    public Response download(@PathParam("file") String file) {
        Optional<AgentDistribution.Snapshot> current = distribution.current();
        if (current.isEmpty()) {
            throw Refusal.notFound("AGENT_DISTRIBUTION_MISSING", "this controller has no agent distribution: build "
                    + "it with mvn -B package (agent/target/" + AgentDistribution.defaultFileName()
                    + ") or set install.agentDistribution; looked at " + distribution.candidates(), Map.of());
        }
        AgentDistribution.Snapshot snapshot = current.get();
        if (!snapshot.fileName().equals(file)) {
            throw Refusal.notFound("INSTALL_FILE_NOT_FOUND", "no file '" + file + "' here; this controller serves "
                    + "agent.sh and " + snapshot.fileName(), Map.of("file", file));
        }
        return Response.ok(snapshot.path().toFile())
                .header("Content-Length", snapshot.size())
                .header("X-Checksum-Sha256", snapshot.sha256())
                .build();
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
