package dev.hoist.controller.source;

import dev.hoist.api.RepositoryFetchView;
import dev.hoist.api.RepositoryFetchView.RefChange;
import dev.hoist.controller.core.Refusal;
import io.dropwizard.lifecycle.Managed;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jgit.api.FetchCommand;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.errors.TransportException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.transport.FetchResult;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.TagOpt;
import org.eclipse.jgit.transport.TrackingRefUpdate;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fetches external sources into their mirrors: on request ({@link #fetchNow}), when a webhook wakes one
 * ({@link #requestFetch}), and on a schedule for those whose poll interval has passed. One fetch per source at
 * a time (a request during a fetch waits for it, a wake-up during a fetch queues one more, never more), on a
 * bounded pool of threads. A fetch that moves a ref tells {@link SourceEvents}.
 */
public final class SourceFetcher implements Managed {
    private static final Logger LOG = LoggerFactory.getLogger(SourceFetcher.class);
    private static final RefSpec BRANCHES = new RefSpec("+refs/heads/*:refs/heads/*");
    private static final RefSpec TAGS = new RefSpec("+refs/tags/*:refs/tags/*");

    private final SourceRepositories repositories;
    private final SourceLocks locks;
    private final SourceEvents events;
    private final Duration tick;
    private final int timeoutSeconds;
    private final Clock clock;
    private final ExecutorService fetchers;
    private final ScheduledExecutorService poller;
    /** Sources with a fetch queued and not yet started: a wake-up for one of them adds nothing. */
    private final Set<String> queued = ConcurrentHashMap.newKeySet();

    SourceFetcher(SourceRepositories repositories, SourceLocks locks, SourceEvents events, Duration tick, int threads,
            int timeoutSeconds, Clock clock) {
        this.repositories = repositories;
        this.locks = locks;
        this.events = events;
        this.tick = tick;
        this.timeoutSeconds = timeoutSeconds;
        this.clock = clock;
        this.fetchers = Executors.newFixedThreadPool(threads, named("hoist-source-fetch-"));
        this.poller = Executors.newSingleThreadScheduledExecutor(named("hoist-source-poll-"));
    }

    @Override
    public void start() {
        if (!tick.isZero()) {
            poller.scheduleWithFixedDelay(this::pollDue, tick.toMillis(), tick.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public void stop() throws InterruptedException {
        poller.shutdownNow();
        fetchers.shutdownNow();
        fetchers.awaitTermination(10, TimeUnit.SECONDS);
    }

    /** Queues a fetch of {@code name} unless one is queued already; {@code false} when it was. */
    public boolean requestFetch(String name) {
        if (!queued.add(name)) {
            return false;
        }
        fetchers.execute(() -> {
            queued.remove(name);
            try {
                fetchNow(name);
            } catch (Refusal e) {
                LOG.info("Fetch of source {} did not run: {}", name, e.getMessage());
            } catch (RuntimeException e) {
                LOG.warn("Fetch of source {} failed", name, e);
            }
        });
        return true;
    }

    /** Queues a fetch of every external source whose poll interval has passed since its last fetch. */
    void pollDue() {
        try {
            Instant now = clock.instant();
            for (SourceRepository source : repositories.list()) {
                if (source.kind() != SourceRepository.Kind.EXTERNAL || source.pollSeconds() == null
                        || source.pollSeconds() <= 0) {
                    continue;
                }
                Instant last = source.lastFetchAt();
                if (last == null || !last.plusSeconds(source.pollSeconds()).isAfter(now)) {
                    requestFetch(source.name());
                }
            }
        } catch (RuntimeException e) {
            // The store may be down for a moment: the next tick tries again.
            LOG.warn("Could not look for sources to poll", e);
        }
    }

    /**
     * Fetches {@code name} now, waiting for a fetch of it already running; refuses a hosted repository
     * ({@code NOT_AN_EXTERNAL_SOURCE}) and a failed fetch ({@code FETCH_FAILED}, also recorded on the source).
     */
    public RepositoryFetchView fetchNow(String name) {
        SourceRepository source = repositories.require(name);
        if (source.kind() != SourceRepository.Kind.EXTERNAL) {
            throw Refusal.invalid("NOT_AN_EXTERNAL_SOURCE", "repository '" + name + "' is hosted here: push to it "
                    + "rather than fetching it", Map.of("repository", name));
        }
        try {
            if (!locks.tryLock(name, timeoutSeconds + 30L)) {
                throw new Refusal(Refusal.Kind.UNAVAILABLE, "REPOSITORY_BUSY", "another fetch of '" + name
                        + "' is still running; try again later", Map.of("repository", name));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting to fetch " + name, e);
        }
        try {
            // Read again under the lock: the source may have been deleted while this waited.
            source = repositories.require(name);
            List<RefChange> changes = fetch(source);
            for (RefChange change : changes) {
                try {
                    events.onPush(name, change.ref(), change.oldCommit(), change.newCommit());
                } catch (RuntimeException e) {
                    LOG.warn("A listener failed on {} {} of source {}", change.ref(), change.newCommit(), name, e);
                }
            }
            return new RepositoryFetchView(name, clock.instant(), changes);
        } finally {
            locks.unlock(name);
        }
    }

    private List<RefChange> fetch(SourceRepository source) {
        String name = source.name();
        try (Repository repository = repositories.directories().open(name); Git git = Git.wrap(repository)) {
            FetchCommand fetch = git.fetch().setRemote(source.url()).setRefSpecs(BRANCHES, TAGS)
                    .setTagOpt(TagOpt.NO_TAGS).setRemoveDeletedRefs(true).setTimeout(timeoutSeconds);
            repositories.credentials(source).ifPresent(credentials -> fetch.setCredentialsProvider(
                    new UsernamePasswordCredentialsProvider(credentials.username(), credentials.password())));
            FetchResult result = fetch.call();
            List<RefChange> changes = new ArrayList<>();
            for (TrackingRefUpdate update : result.getTrackingRefUpdates()) {
                if (moved(update.getResult())) {
                    changes.add(new RefChange(update.getLocalName(), shaOrNull(update.getOldObjectId()),
                            shaOrNull(update.getNewObjectId())));
                }
            }
            followRemoteHead(repository, result);
            repositories.recordFetch(name, null);
            return changes;
        } catch (GitAPIException | IOException | RuntimeException e) {
            String why = describe(e);
            LOG.info("Fetch of source {} from {} failed: {}", name, source.url(), why);
            repositories.recordFetch(name, why);
            throw new Refusal(Refusal.Kind.UNPROCESSABLE, "FETCH_FAILED", "fetching '" + name + "' from "
                    + source.url() + " failed: " + why, Map.of("repository", name));
        }
    }

    /** The mirror's HEAD names the branch the remote's HEAD names, so that its default branch is the remote's. */
    private static void followRemoteHead(Repository repository, FetchResult result) throws IOException {
        Ref remoteHead = result.getAdvertisedRef(Constants.HEAD);
        if (remoteHead == null) {
            return;
        }
        String target = null;
        if (remoteHead.isSymbolic()) {
            target = remoteHead.getTarget().getName();
        } else if (remoteHead.getObjectId() != null) {
            for (String usual : List.of("refs/heads/main", "refs/heads/master")) {
                Ref branch = result.getAdvertisedRef(usual);
                if (branch != null && remoteHead.getObjectId().equals(branch.getObjectId())) {
                    target = usual;
                    break;
                }
            }
        }
        Ref head = repository.exactRef(Constants.HEAD);
        if (target != null && target.startsWith(Constants.R_HEADS) && repository.exactRef(target) != null
                && (head == null || !head.isSymbolic() || !head.getTarget().getName().equals(target))) {
            RefUpdate update = repository.updateRef(Constants.HEAD);
            update.link(target);
        }
    }

    private static boolean moved(RefUpdate.Result result) {
        return switch (result) {
            case NEW, FAST_FORWARD, FORCED, RENAMED -> true;
            default -> false;
        };
    }

    private static String shaOrNull(ObjectId id) {
        return id == null || ObjectId.zeroId().equals(id) ? null : id.name();
    }

    private static String describe(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && !(cause instanceof TransportException)) {
            cause = cause.getCause();
        }
        String message = cause.getMessage() != null ? cause.getMessage() : e.getMessage();
        return message == null ? e.getClass().getSimpleName() : message;
    }

    private static ThreadFactory named(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
