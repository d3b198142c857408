package dev.hoist.controller.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hoist.controller.artifacts.BlobStore;
import dev.hoist.controller.artifacts.DirectoryBlobStore;
import dev.hoist.controller.core.deploy.AgentReports;
import dev.hoist.controller.core.deploy.HostDeployment;
import dev.hoist.controller.core.deploy.HostStatus;
import dev.hoist.controller.testing.GatewayHarness;
import dev.hoist.controller.testing.InProcessAgent;
import dev.hoist.controller.testing.PkiFixtures;
import dev.hoist.controller.testing.S3ProxyServer;
import dev.hoist.controller.testing.TestBundles;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ways a bundle reaches a real agent: straight from the object store through a presigned URL, over
 * the controller connection when that URL fails, and across a connection cut in the middle of a download.
 */
class BundleFetchPathsTest {
    private static final Duration DEADLINE = Duration.ofSeconds(60);
    private static final List<String> IN_PLACE = List.of("ApplicationStop", "DownloadBundle", "BeforeInstall",
            "Install", "AfterInstall", "ApplicationStart", "ValidateService");
    private static final String AGENT = "agt-fetch-1";
    private static final int WINDOW = 1 << 20; // InProcessAgent's bundle window

    @RegisterExtension
    static PkiFixtures pki = new PkiFixtures();

    @TempDir
    static Path serverDir;
    private static S3ProxyServer s3;

    @TempDir
    Path data;
    @TempDir
    Path state;
    @TempDir
    Path target;

    private GatewayHarness harness;
    private InProcessAgent agent;

    @BeforeAll
    static void startObjectStore() throws IOException {
        s3 = S3ProxyServer.start(serverDir);
    }

    @AfterAll
    static void stopObjectStore() {
        if (s3 != null) {
            s3.close();
        }
    }

    @AfterEach
    void stop() throws Exception {
        if (agent != null) {
            agent.close();
        }
        if (harness != null) {
            harness.close();
            harness.bundles.close();
        }
    }

    @Test
    void withAnObjectStoreTheAgentTakesTheBytesFromItAndTheControllerServesNone() throws Exception {
        BlobStore store = s3Store(Clock.systemUTC());
        startHarness(store);
        BlobStore.Stored bundle = store.put(new ByteArrayInputStream(site().tgz()), Long.MAX_VALUE, null);
        startAgent();

        harness.gateway().deploy(AGENT, work("cmd-s3", bundle));

        assertThat(awaitResult("cmd-s3").status()).isEqualTo(HostStatus.SUCCEEDED);
        assertThat(harness.meter("bundles.bytes-served")).isZero();
        assertThat(harness.meter("bundles.requests")).isZero();
        assertThat(lines("cmd-s3")).anyMatch(line -> line.contains("directly from the object store"))
                .anyMatch(line -> line.contains("downloaded (" + bundle.sizeBytes() + " bytes) and verified"));
        assertThat(Files.readString(target.resolve("site/index.html"))).contains("hello");
    }

    @Test
    void anExpiredUrlFallsBackToTheControllerConnection() throws Exception {
        // Signed an hour ago for five minutes: the store refuses it.
        BlobStore store = s3Store(Clock.fixed(Instant.now().minus(Duration.ofHours(1)), ZoneOffset.UTC));
        startHarness(store);
        BlobStore.Stored bundle = store.put(new ByteArrayInputStream(site().tgz()), Long.MAX_VALUE, null);
        startAgent();

        harness.gateway().deploy(AGENT, work("cmd-expired", bundle));

        assertThat(awaitResult("cmd-expired").status()).isEqualTo(HostStatus.SUCCEEDED);
        assertThat(lines("cmd-expired")).anyMatch(line -> line.contains("object-store URL failed (HTTP 403")
                && line.contains("over the controller connection"));
        assertThat(harness.meter("bundles.bytes-served")).as("the controller read it from the bucket and served it")
                .isEqualTo(bundle.sizeBytes());
    }

    @Test
    void aConnectionCutMidDownloadResumesFromTheBytesHeldAndStillChecksTheDigest() throws Exception {
        Gate gate = new Gate(WINDOW + WINDOW / 2); // halfway through the second window
        startHarness(new GatedStore(new DirectoryBlobStore(data.resolve("bundles")), gate));
        byte[] padding = new byte[3 * 1024 * 1024];
        new java.util.Random(11).nextBytes(padding);
        byte[] tgz = site().file("content/blob.txt", java.util.HexFormat.of().formatHex(padding)).tgz();
        BlobStore.Stored bundle = harness.bundles.put(new ByteArrayInputStream(tgz), Long.MAX_VALUE, null);
        assertThat(tgz.length).isGreaterThan(3 * WINDOW);
        startAgent();

        harness.gateway().deploy(AGENT, work("cmd-cut", bundle));
        assertThat(gate.reached.await(DEADLINE.toSeconds(), java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        Path part = state.resolve("bundles").resolve(bundle.sha256() + ".part");
        // Cut once the agent holds bytes of the second window, so the resume point is inside a window.
        await().atMost(DEADLINE).until(() -> Files.isRegularFile(part) && Files.size(part) > WINDOW);
        harness.gateway().disconnect(AGENT, "test: cut the connection mid-download");
        gate.release.countDown();

        assertThat(awaitResult("cmd-cut").status()).isEqualTo(HostStatus.SUCCEEDED);
        long lostAt = lines("cmd-cut").stream().filter(line -> line.startsWith("the connection to the controller "
                + "was lost at byte ")).map(line -> Long.parseLong(line.replaceAll("^.*lost at byte (\\d+).*$", "$1")))
                .findFirst().orElseThrow();
        assertThat(lostAt).isGreaterThan(WINDOW).isLessThanOrEqualTo(WINDOW + WINDOW / 2);
        // Asked for: the first window, the second (cut), then on from the byte held, never from the start again.
        assertThat(gate.offsets).startsWith(0L, (long) WINDOW).contains(lostAt);
        assertThat(gate.offsets.subList(2, gate.offsets.size())).allSatisfy(offset ->
                assertThat(offset).isGreaterThanOrEqualTo(lostAt));
        assertThat(harness.meter("bundles.bytes-served")).as("nothing served twice beyond one window")
                .isLessThanOrEqualTo(tgz.length + WINDOW);
        assertThat(lines("cmd-cut")).anyMatch(line -> line.equals("bundle " + bundle.sha256() + " downloaded ("
                + tgz.length + " bytes) and verified"));
        assertThat(Files.readAllBytes(state.resolve("bundles").resolve(bundle.sha256()))).isEqualTo(tgz);
    }

    private BlobStore s3Store(Clock signingClock) throws IOException {
        String bucket = "fetch-" + UUID.randomUUID().toString().substring(0, 8);
        s3.createBucket(bucket);
        return s3.settings(bucket).build(data.resolve("spool"), signingClock);
    }

    private void startHarness(BlobStore store) throws Exception {
        harness = new GatewayHarness(pki, data, new AgentGatewayFactory() {
            {
                setPort(0);
            }
        }, store);
    }

    private void startAgent() throws Exception {
        agent = InProcessAgent.start(harness, pki, AGENT, state);
        await().atMost(DEADLINE).until(() -> agent.isConnected() && harness.gateway().isConnected(AGENT));
    }

    private TestBundles site() {
        return TestBundles.installingTo(target.resolve("site"));
    }

    private static HostDeployment work(String commandId, BlobStore.Stored bundle) {
        return new HostDeployment(commandId, "d-" + commandId, "shop", "web", "g-web", "rev-1", bundle.sha256(),
                bundle.sizeBytes(), "tgz", IN_PLACE, "OVERWRITE", false, Duration.ZERO, List.of(), Map.of());
    }

    private AgentReports.HostOutcome awaitResult(String commandId) {
        await().atMost(DEADLINE).until(() -> harness.reports.results(AGENT).stream()
                .anyMatch(r -> r.commandId().equals(commandId)));
        return harness.reports.results(AGENT).stream().filter(r -> r.commandId().equals(commandId)).findFirst()
                .orElseThrow();
    }

    private List<String> lines(String commandId) {
        return harness.reports.lines(AGENT, commandId).stream().map(AgentReports.LogEntry::text).toList();
    }

    /** Holds the first read that reaches {@code at} until released; records every range the gateway opens. */
    private static final class Gate {
        final long at;
        final CountDownLatch reached = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final List<Long> offsets = new CopyOnWriteArrayList<>();

        Gate(long at) {
            this.at = at;
        }
    }

    /** The real directory store, its reads passing through the {@link Gate}. */
    private static final class GatedStore implements BlobStore {
        private final BlobStore store;
        private final Gate gate;

        GatedStore(BlobStore store, Gate gate) {
            this.store = store;
            this.gate = gate;
        }

        @Override
        public Stored put(InputStream in, long maxBytes, String expectedSha256) throws IOException {
            return store.put(in, maxBytes, expectedSha256);
        }

        @Override
        public Optional<Long> size(String sha256) throws IOException {
            return store.size(sha256);
        }

        @Override
        public InputStream open(String sha256, long offset, long length) throws IOException {
            gate.offsets.add(offset);
            return new FilterInputStream(store.open(sha256, offset, length)) {
                private long position = offset;

                @Override
                public int read(byte[] buffer, int off, int len) throws IOException {
                    if (position >= gate.at && gate.reached.getCount() > 0) {
                        gate.reached.countDown();
                        try {
                            gate.release.await();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            throw new java.io.InterruptedIOException();
                        }
                    }
                    int n = super.read(buffer, off, (int) Math.min(len, Math.max(1, gate.at - position > 0
                            ? gate.at - position : len)));
                    if (n > 0) {
                        position += n;
                    }
                    return n;
                }
            };
        }

        @Override
        public boolean delete(String sha256) throws IOException {
            return store.delete(sha256);
        }

        @Override
        public void list(Consumer<BlobInfo> each) throws IOException {
            store.list(each);
        }

        @Override
        public Optional<URI> presignedGet(String sha256, Duration ttl) {
            return Optional.empty();
        }

        @Override
        public String location() {
            return store.location();
        }
    }
}
