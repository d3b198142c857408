package dev.hoist.agent.deploy;

import dev.hoist.agent.exchange.BundlePart;
import dev.hoist.agent.exchange.BundleWanted;
import dev.hoist.agent.exchange.ControllerLink;
import dev.hoist.agent.lifecycle.Cancellation;
import dev.hoist.protocol.deploy.FailureClass;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fetches bundles from the controller into the cache {@code <state-dir>/bundles/<sha256>}, by digest only.
 *
 * <p>The bytes arrive in {@link BundlePart}s answering {@link BundleWanted} requests of at most
 * {@code windowBytes} each, so no more than one window is ever queued in memory whatever the bundle's
 * size. They are appended to {@code <sha256>.part}; after a lost connection the download goes on from
 * the bytes already held, once the controller accepts the agent again. The finished file is checked
 * against the digest and only then renamed to its final name, so a cached file is always whole and
 * right: a digest in the cache downloads nothing.
 *
 * <p>Threads: {@link #fetch} blocks a deployment's worker thread; the connection's event loop only
 * queues chunks and connection changes ({@link #onChunk}, {@link #onConnected}, {@link #onDisconnected}).
 */
public final class BundleDownloader {
    private static final Logger LOG = LoggerFactory.getLogger(BundleDownloader.class);
    private static final Object CONNECTED = new Object();
    private static final Object DISCONNECTED = new Object();
    private static final Object CANCELLED = new Object();
    /** Each deployment group keeps its last this many bundles in the cache. */
    static final int KEEP_PER_GROUP = 3;

    private final Path dir;
    private final DirectFetch direct;
    private final BundleCacheRetention retention;
    private final long windowBytes;
    private final Duration stallTimeout;
    private final Map<String, BlockingQueue<Object>> active = new ConcurrentHashMap<>();
    private final Map<String, Object> locks = new ConcurrentHashMap<>();
    private volatile ControllerLink link;

    /** A cache in {@code dir}, created if missing; direct downloads through the environment's proxy settings. */
    public BundleDownloader(Path dir, long windowBytes, Duration stallTimeout) throws IOException {
        this(dir, windowBytes, stallTimeout, ProxySettings.fromEnvironment());
    }

    /** @param proxies the proxies for direct downloads from presigned URLs (never for the controller) */
    public BundleDownloader(Path dir, long windowBytes, Duration stallTimeout, java.net.ProxySelector proxies)
            throws IOException {
        this.dir = dir;
        this.direct = new DirectFetch(proxies, stallTimeout);
        this.retention = new BundleCacheRetention(dir, KEEP_PER_GROUP);
        this.windowBytes = windowBytes;
        this.stallTimeout = stallTimeout;
        Files.createDirectories(dir);
    }

    /** Where the bundle with {@code sha256} is kept once fetched. */
    Path cached(String sha256) {
        return dir.resolve(sha256);
    }

    /**
     * Records that {@code groupId} deploys {@code sha256} and removes cached bundles that no group keeps
     * among its last {@value #KEEP_PER_GROUP}.
     */
    void usedBy(String groupId, String sha256) {
        retention.used(groupId, sha256);
    }

    /** Forgets a cached bundle that turned out damaged, so the next deployment downloads it again. */
    void evict(String sha256) {
        try {
            Files.deleteIfExists(cached(sha256));
        } catch (IOException e) {
            LOG.warn("Cannot remove the damaged cached bundle {}: {}", cached(sha256), e.toString());
        }
    }

    void onConnected(ControllerLink current) {
        link = current;
        active.values().forEach(queue -> queue.offer(CONNECTED));
    }

    void onDisconnected(ControllerLink lost) {
        if (link == lost) {
            link = null;
            active.values().forEach(queue -> queue.offer(DISCONNECTED));
        }
    }

    /** Called on the event loop: hands the part to the download waiting for it, if any. */
    void onPart(BundlePart part) {
        BlockingQueue<Object> queue = active.get(part.sha256());
        if (queue == null) {
            LOG.debug("Ignoring a chunk of bundle {} nobody is downloading", part.sha256());
        } else {
            queue.offer(part);
        }
    }

    /**
     * The cached bundle {@code sha256}, downloaded first unless already cached.
     *
     * @param sizeBytes the size the command announced, or 0 when unknown
     * @param url a presigned URL to fetch from first, or empty: the controller connection then (or after
     *     the URL fails) serves the rest
     * @param note writes a line to the DownloadBundle event's log
     */
    Path fetch(String sha256, long sizeBytes, String url, Cancellation cancellation, Consumer<String> note)
            throws BundleFetchException, InterruptedException {
        // Two deployments of the same bundle at once download it once: the second finds it cached.
        synchronized (locks.computeIfAbsent(sha256, k -> new Object())) {
            Path done = cached(sha256);
            if (Files.isRegularFile(done)) {
                note.accept("bundle " + sha256 + " is in the cache (" + done + "): nothing to download");
                LOG.info("Bundle {} is cached at {}; nothing to download", sha256, done);
                return done;
            }
            BlockingQueue<Object> queue = new LinkedBlockingQueue<>();
            active.put(sha256, queue);
            try (Cancellation.Registration ignored = cancellation.onCancel(() -> queue.offer(CANCELLED))) {
                return download(sha256, sizeBytes, url, cancellation, queue, note);
            } catch (IOException e) {
                throw new BundleFetchException(FailureClass.UNKNOWN_ERROR, "cannot write bundle " + sha256
                        + " under " + dir + ": " + e.getMessage() + " (is the disk full?)");
            } finally {
                active.remove(sha256);
            }
        }
    }

    private Path download(String sha256, long sizeBytes, String url, Cancellation cancellation,
            BlockingQueue<Object> queue, Consumer<String> note)
            throws IOException, BundleFetchException, InterruptedException {
        Path part = dir.resolve(sha256 + ".part");
        MessageDigest digest = sha256();
        long have = resume(part, sizeBytes, digest);
        boolean direct = url != null && !url.isEmpty();
        String from = direct ? " from the object store" : " from the controller";
        note.accept(have == 0 ? "downloading bundle " + sha256 + describeSize(sizeBytes) + from
                : "resuming the download of bundle " + sha256 + " at byte " + have + describeSize(sizeBytes) + from);
        try (FileChannel file = FileChannel.open(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            file.position(have);
            boolean done = false;
            if (direct && !complete(have, sizeBytes)) {
                long before = have;
                try {
                    have = this.direct.fetch(URI.create(url), have, sizeBytes, file, digest, cancellation::isCancelled);
                    done = !cancellation.isCancelled();
                    note.accept("fetched bytes " + before + "-" + have + " of bundle " + sha256
                            + " directly from the object store");
                } catch (IOException | IllegalArgumentException e) {
                    have = file.position();
                    note.accept("the bundle's object-store URL failed (" + e.getMessage() + "); fetching "
                            + (have == 0 ? "it" : "the rest from byte " + have) + " over the controller connection");
                    LOG.info("Direct download of bundle {} failed at byte {}: {}; falling back to the controller",
                            sha256, have, e.toString());
                }
            }
            if (cancellation.isCancelled()) {
                throw new BundleFetchException(FailureClass.CANCELLED, "the download of bundle " + sha256
                        + " was cancelled at byte " + have);
            }
            boolean asked = !done && !complete(have, sizeBytes) && ask(sha256, have, sizeBytes);
            long lastProgress = System.nanoTime();
            while (!done && !complete(have, sizeBytes)) {
                // Without a connection nothing can arrive: wait for it (or a cancellation), not for the stall.
                long waitNanos = asked ? stallTimeout.toNanos() - (System.nanoTime() - lastProgress) : Long.MAX_VALUE;
                Object signal = queue.poll(Math.max(0, waitNanos), TimeUnit.NANOSECONDS);
                if (signal == null) {
                    throw new BundleFetchException(FailureClass.BUNDLE_INVALID, "no bytes of bundle " + sha256
                            + " arrived for " + stallTimeout.toSeconds() + " s (held " + have + describeSize(sizeBytes)
                            + "); the next deployment goes on from there");
                } else if (signal == CANCELLED) {
                    throw new BundleFetchException(FailureClass.CANCELLED, "the download of bundle " + sha256
                            + " was cancelled at byte " + have);
                } else if (signal == CONNECTED) {
                    asked = ask(sha256, have, sizeBytes);
                    lastProgress = System.nanoTime();
                } else if (signal == DISCONNECTED) {
                    asked = false;
                    note.accept("the connection to the controller was lost at byte " + have
                            + "; the download goes on from there after reconnecting");
                } else {
                    BundlePart chunk = (BundlePart) signal;
                    if (!chunk.error().isEmpty()) {
                        throw new BundleFetchException(FailureClass.BUNDLE_INVALID, "the controller cannot serve "
                                + "bundle " + sha256 + ": " + chunk.error());
                    }
                    if (chunk.offset() != have) {
                        continue; // an answer to an earlier request, from before a reconnect
                    }
                    ByteBuffer data = chunk.bytes();
                    digest.update(chunk.bytes());
                    while (data.hasRemaining()) {
                        file.write(data);
                    }
                    have += chunk.size();
                    lastProgress = System.nanoTime();
                    if (sizeBytes > 0 && have > sizeBytes) {
                        throw new BundleFetchException(FailureClass.BUNDLE_INVALID, "the controller sent more "
                                + "than the " + sizeBytes + " bytes the command announced for bundle " + sha256);
                    }
                    if (chunk.last()) {
                        if (sizeBytes == 0) {
                            break; // asked to the end, and this is it
                        }
                        asked = have < sizeBytes && ask(sha256, have, sizeBytes);
                    }
                }
            }
            file.force(true);
        }
        String actual = HexFormat.of().formatHex(digest.digest());
        if (!actual.equals(sha256)) {
            Files.deleteIfExists(part);
            throw new BundleFetchException(FailureClass.BUNDLE_DIGEST_MISMATCH, "the bundle received has SHA-256 "
                    + actual + ", but the command names " + sha256 + "; it was discarded");
        }
        Path done = cached(sha256);
        try {
            Files.move(part, done, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("the bundle cache " + dir + " needs a file system with atomic renames", e);
        }
        note.accept("bundle " + sha256 + " downloaded (" + have + " bytes) and verified");
        return done;
    }

    private static boolean complete(long have, long sizeBytes) {
        return sizeBytes > 0 && have == sizeBytes;
    }

    /** The bytes already held from an earlier attempt, fed to {@code digest}; a part too long is restarted. */
    private static long resume(Path part, long sizeBytes, MessageDigest digest) throws IOException {
        if (!Files.isRegularFile(part)) {
            return 0;
        }
        long size = Files.size(part);
        if (sizeBytes > 0 && size > sizeBytes) {
            Files.delete(part);
            return 0;
        }
        byte[] buffer = new byte[256 * 1024];
        try (InputStream in = Files.newInputStream(part)) {
            for (int n; (n = in.read(buffer)) != -1; ) {
                digest.update(buffer, 0, n);
            }
        }
        return size;
    }

    /** Asks for the next window; {@code false} when not connected (asked again on reconnect). */
    private boolean ask(String sha256, long from, long sizeBytes) {
        ControllerLink current = link;
        if (current == null) {
            return false;
        }
        long length = sizeBytes > 0 ? Math.min(windowBytes, sizeBytes - from) : 0;
        current.send(new BundleWanted(sha256, from, length));
        return true;
    }

    private static String describeSize(long sizeBytes) {
        return sizeBytes > 0 ? " of " + sizeBytes + " bytes" : "";
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime provides SHA-256", e);
        }
    }
}
