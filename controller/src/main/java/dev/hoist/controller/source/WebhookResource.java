package dev.hoist.controller.source;

import dev.hoist.api.ApiError;
import dev.hoist.controller.core.Refusal;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import java.util.Optional;

/**
 * {@code POST /api/v1/repositories/NAME/webhook}: a push notification from the remote's host (GitHub, Gitea,
 * GitLab with a signing proxy, a script). No API token: the body's HMAC-SHA256 with the source's webhook
 * secret, in {@code X-Hub-Signature-256: sha256=<hex>}, is the authentication. A valid call queues a fetch and
 * answers 202 at once, whatever the body says (a ping fetches too: it is cheap and never wrong).
 */
@Path("/api/v1/repositories/{name}/webhook")
@Produces(MediaType.APPLICATION_JSON)
public final class WebhookResource {
    private final SourceRepositories repositories;
    private final SourceFetcher fetcher;

    WebhookResource(SourceRepositories repositories, SourceFetcher fetcher) {
        this.repositories = repositories;
        this.fetcher = fetcher;
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    public Response receive(@PathParam("name") String name,
            @HeaderParam(WebhookSignature.HEADER) String signature, byte[] body) {
        Optional<SourceRepository> found = repositories.find(name);
        Optional<String> secret = found.filter(source -> source.kind() == SourceRepository.Kind.EXTERNAL)
                .flatMap(repositories::webhookSecret);
        if (secret.isEmpty()) {
            // The same answer for "no such source" and "no webhook on it": a caller without the secret learns nothing.
            throw Refusal.notFound("WEBHOOK_NOT_CONFIGURED", "no external source '" + name + "' with a webhook secret; "
                    + "register one with: hoist repo create " + name + " --remote URL --webhook-secret-file FILE",
                    Map.of("repository", name));
        }
        WebhookSignature.Verdict verdict = WebhookSignature.verify(secret.get(), body == null ? new byte[0] : body,
                signature);
        if (verdict != WebhookSignature.Verdict.VALID) {
            String code = verdict == WebhookSignature.Verdict.MALFORMED ? "WEBHOOK_SIGNATURE_MISSING"
                    : "WEBHOOK_SIGNATURE_INVALID";
            String message = verdict == WebhookSignature.Verdict.MALFORMED
                    ? "send the body's HMAC-SHA256 with the webhook secret as " + WebhookSignature.HEADER
                            + ": sha256=<64 hex digits>"
                    : "the " + WebhookSignature.HEADER + " signature does not match the body: sign the exact body "
                            + "with the secret given at registration";
            return Response.status(Response.Status.UNAUTHORIZED).type(MediaType.APPLICATION_JSON_TYPE)
                    .entity(new ApiError(code, message, Map.of("repository", name))).build();
        }
        boolean queued = fetcher.requestFetch(name);
        return Response.accepted(Map.of("repository", name, "fetch", queued ? "queued" : "already queued")).build();
    }
}
