package dev.hoist.controller.source;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.hoist.controller.auth.ApiTokenAuthenticator;
import dev.hoist.controller.core.ApiTokenStore;
import dev.hoist.controller.core.AuditLog;
import dev.hoist.controller.secrets.SecretSealer;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.util.Duration;
import jakarta.servlet.DispatcherType;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import java.time.Clock;
import java.util.EnumSet;
import org.jdbi.v3.core.Jdbi;

/**
 * {@code sources:} in the controller's configuration: how external sources are polled and fetched. Builds the
 * source repositories' parts and registers them: the REST resources, the webhook, {@code /git/} and the poller.
 */
public class SourcesFactory {
    /** The poll interval of a source registered without one. */
    @JsonProperty
    @Min(0)
    private int defaultPollSeconds = 300;

    /** The shortest poll interval a source may ask for (0 aside, which never polls). */
    @JsonProperty
    @Min(1)
    private int minimumPollSeconds = 60;

    /** How often the poller looks for sources that are due; 0 turns polling off. */
    @JsonProperty
    @NotNull
    private Duration pollTick = Duration.seconds(10);

    /** Fetches running at once, over all sources. */
    @JsonProperty
    @Min(1)
    @Max(16)
    private int fetchThreads = 2;

    /** A fetch whose connection is silent this long fails. */
    @JsonProperty
    @Min(5)
    private int fetchTimeoutSeconds = 120;

    /** What the running controller's source repositories offer to other capabilities. */
    public record Sources(SourceRepositories repositories, SourceSnapshots snapshots, SourceFetcher fetcher) {
    }

    public Sources register(Environment environment, Jdbi jdbi, Path dataDir, SecretSealer sealer,
            ApiTokenStore apiTokens, AuditLog audit, SourceEvents events, Clock clock) {
        SourceLocks locks = new SourceLocks();
        SourceRepositories repositories = new SourceRepositories(new JdbiSourceRepositoryStore(jdbi),
                new GitDirectories(dataDir), locks, sealer, defaultPollSeconds, minimumPollSeconds, clock);
        SourceFetcher fetcher = new SourceFetcher(repositories, locks, events, pollTick.toJavaDuration(), fetchThreads,
                fetchTimeoutSeconds, clock);
        environment.lifecycle().manage(fetcher);
        environment.jersey().register(new RepositoryResource(repositories, fetcher));
        environment.jersey().register(new WebhookResource(repositories, fetcher));
        environment.servlets().addServlet("git", GitHttpServer.servlet(repositories, events, audit, clock))
                .addMapping("/git/*");
        environment.servlets().addFilter("git-access", new GitHttpAccess(new ApiTokenAuthenticator(apiTokens),
                repositories, audit, clock)).addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), true, "/git/*");
        return new Sources(repositories, new SourceSnapshots(repositories), fetcher);
    }
}
