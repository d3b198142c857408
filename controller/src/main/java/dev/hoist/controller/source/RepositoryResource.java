package dev.hoist.controller.source;

import dev.hoist.api.CreateRepositoryRequest;
import dev.hoist.api.RepositoryFetchView;
import dev.hoist.api.RepositoryView;
import dev.hoist.api.RepositoryView.BranchView;
import dev.hoist.api.RepositoryView.CommitView;
import dev.hoist.controller.audit.Audited;
import dev.hoist.controller.auth.ApiPrincipal;
import dev.hoist.controller.core.Refusal;
import io.dropwizard.auth.Auth;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;

/**
 * {@code /api/v1/repositories}: deployers create, fetch and delete source repositories; anyone reads them, with
 * their branches and a branch's latest commits. Secrets go in and never come out.
 */
@Path("/api/v1/repositories")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed("viewer")
public final class RepositoryResource {
    static final int DEFAULT_COMMITS = 20;

    private final SourceRepositories repositories;
    private final SourceFetcher fetcher;

    RepositoryResource(SourceRepositories repositories, SourceFetcher fetcher) {
        this.repositories = repositories;
        this.fetcher = fetcher;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed("deployer")
    @Audited("repository.create")
    public Response create(@Auth ApiPrincipal caller, CreateRepositoryRequest request,
            @Context ContainerRequestContext context) {
        if (request != null && request.name() != null) {
            context.setProperty(Audited.TARGET_PROPERTY, request.name());
        }
        SourceRepository created = repositories.create(request, caller.name());
        if (created.kind() == SourceRepository.Kind.EXTERNAL) {
            fetcher.requestFetch(created.name());
        }
        return Response.status(Response.Status.CREATED).entity(view(created, List.of(), null, null, List.of()))
                .build();
    }

    @GET
    public List<RepositoryView> list() {
        return repositories.list().stream().map(repository -> withBranches(repository, null, 0)).toList();
    }

    @GET
    @Path("{name}")
    public RepositoryView get(@PathParam("name") String name, @QueryParam("branch") String branch,
            @QueryParam("limit") Integer limit) {
        int commits = limit == null ? DEFAULT_COMMITS : limit;
        if (commits < 0 || commits > RepositoryHistory.MAX_COMMITS) {
            throw Refusal.invalid("INVALID_LIMIT", "limit " + commits + " is out of range: give 0 to "
                    + RepositoryHistory.MAX_COMMITS, Map.of("limit", commits));
        }
        return withBranches(repositories.require(name), branch, commits);
    }

    @POST
    @Path("{name}/fetch")
    @RolesAllowed("deployer")
    @Audited("repository.fetch")
    public RepositoryFetchView fetch(@PathParam("name") String name, @Context ContainerRequestContext context) {
        context.setProperty(Audited.TARGET_PROPERTY, name);
        return fetcher.fetchNow(name);
    }

    @DELETE
    @Path("{name}")
    @RolesAllowed("deployer")
    @Audited("repository.delete")
    public Response delete(@PathParam("name") String name, @Context ContainerRequestContext context) {
        context.setProperty(Audited.TARGET_PROPERTY, name);
        if (!repositories.delete(name)) {
            repositories.require(name);
        }
        return Response.noContent().build();
    }

    private RepositoryView withBranches(SourceRepository repository, String branch, int commitLimit) {
        try (Repository git = repositories.directories().open(repository.name())) {
            List<BranchView> branches = RepositoryHistory.branches(git);
            String defaultBranch = RepositoryHistory.defaultBranch(git, branches);
            if (commitLimit == 0) {
                return view(repository, branches, defaultBranch, null, null);
            }
            String shown = branch == null || branch.isBlank() ? defaultBranch : branch.strip();
            if (shown == null) {
                return view(repository, branches, null, null, List.of());
            }
            Ref ref = git.exactRef(Constants.R_HEADS + shown);
            if (ref == null || ref.getObjectId() == null) {
                throw Refusal.notFound("BRANCH_NOT_FOUND", "repository '" + repository.name() + "' has no branch '"
                        + shown + "'; its branches: " + branches.stream().map(BranchView::name).toList(),
                        Map.of("repository", repository.name(), "branch", shown));
            }
            List<CommitView> commits = RepositoryHistory.commits(git, ref.getObjectId(), commitLimit);
            return view(repository, branches, defaultBranch, shown, commits);
        } catch (org.eclipse.jgit.errors.RepositoryNotFoundException e) {
            throw new Refusal(Refusal.Kind.CONFLICT, "REPOSITORY_DIRECTORY_MISSING", "repository '" + repository.name()
                    + "' is registered but its directory " + repositories.directories().directory(repository.name())
                    + " is gone; restore it from a backup, or delete the repository and create it again",
                    Map.of("repository", repository.name()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static RepositoryView view(SourceRepository repository, List<BranchView> branches, String defaultBranch,
            String commitsBranch, List<CommitView> commits) {
        return new RepositoryView(repository.name(), repository.kind().wireName(), repository.description(),
                "/git/" + repository.name() + ".git", repository.url(), repository.pollSeconds(),
                repository.sealedWebhookSecret() != null, repository.sealedCredentials() != null, defaultBranch,
                branches, commitsBranch, commits, repository.lastFetchAt(), repository.lastFetchError(),
                repository.createdBy(), repository.createdAt());
    }
}
