package dev.hoist.controller.testing;

import com.codahale.metrics.MetricRegistry;
import dev.hoist.controller.artifacts.BlobStore;
import dev.hoist.controller.artifacts.DirectoryBlobStore;
import dev.hoist.controller.core.Agent;
import dev.hoist.controller.core.AgentState;
import dev.hoist.controller.core.HostFacts;
import dev.hoist.controller.core.JoinToken;
import dev.hoist.controller.core.RevocationList;
import dev.hoist.controller.core.Secrets;
import dev.hoist.controller.gateway.AgentGateway;
import dev.hoist.controller.gateway.AgentGatewayFactory;
import dev.hoist.controller.store.JdbiAgentStore;
import dev.hoist.controller.store.JdbiJoinTokenStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;

/**
 * A real gateway on 127.0.0.1, port 0, over the real JDBI store on an H2 file: what gateway tests start
 * and stop. The port stays the same across {@link #restart()}.
 */
public final class GatewayHarness implements AutoCloseable {
    public final JdbiAgentStore agents;
    public final JdbiJoinTokenStore joinTokens;
    public final RevocationList revocations;
    public final MetricRegistry metrics = new MetricRegistry();
    public final BlobStore bundles;
    /** Every report the gateway hands on, in order. */
    public final RecordingAgentReports reports = new RecordingAgentReports();
    public final dev.hoist.controller.core.AgentPresence presence =
            new dev.hoist.controller.core.AgentPresence(Clock.systemUTC());
    private final PkiFixtures pki;
    private final AgentGatewayFactory config;
    private AgentGateway gateway;

    public GatewayHarness(PkiFixtures pki, Path dataDir, AgentGatewayFactory config) throws Exception {
        this(pki, dataDir, config, new DirectoryBlobStore(dataDir.resolve("bundles")));
    }

    /** With {@code bundles} as the artifact store (an s3 one hands agents presigned URLs). */
    public GatewayHarness(PkiFixtures pki, Path dataDir, AgentGatewayFactory config, BlobStore bundles)
            throws Exception {
        this.pki = pki;
        this.config = config;
        Jdbi jdbi = TestStores.sqlite(dataDir.resolve("hoist.db"));
        agents = new JdbiAgentStore(jdbi);
        joinTokens = new JdbiJoinTokenStore(jdbi);
        revocations = new RevocationList(agents.revokedIds());
        this.bundles = bundles;
        config.setBindHost("127.0.0.1");
        start();
    }

    public GatewayHarness(PkiFixtures pki, Path dataDir) throws Exception {
        this(pki, dataDir, new AgentGatewayFactory() {
            {
                setPort(0);
            }
        });
    }

    public void start() throws Exception {
        gateway = config.build(pki.ca(), agents, joinTokens, revocations, bundles, Duration.ofMinutes(5), reports,
                presence, metrics, Clock.systemUTC());
        gateway.start();
        config.setPort(gateway.boundPort()); // a restart binds the same port
    }

    public void stop() throws Exception {
        gateway.stop();
    }

    public void restart() throws Exception {
        stop();
        start();
    }

    public AgentGateway gateway() {
        return gateway;
    }

    public int port() {
        return gateway.boundPort();
    }

    /** A join token in the store; returns its secret. */
    public String createToken(int uses, Duration ttl, Map<String, String> tags) {
        return createToken(uses, ttl, tags, java.util.Set.of());
    }

    /** A join token that lets hosts add tags under {@code allowedTagKeys}; returns its secret. */
    public String createToken(int uses, Duration ttl, Map<String, String> tags, java.util.Set<String> allowedTagKeys) {
        String secret = Secrets.newSecret("hjt_");
        Instant now = Instant.now();
        joinTokens.insert(new JoinToken(Secrets.newId("jt-"), Secrets.hash(secret), tags, allowedTagKeys, now,
                now.plus(ttl), uses, "test"));
        return secret;
    }

    /** Registers an enrolled agent directly, as enrollment would have. */
    public void registerAgent(String agentId) {
        Instant now = Instant.now();
        agents.insert(new Agent(agentId, "host-" + agentId, Map.of(), "test", "Linux", now, now,
                AgentState.DISCONNECTED, now, new HostFacts("host-" + agentId, "Linux", "6.1", "amd64", 2, 0, 0, 0, 0)));
    }

    /**
     * Registers {@code agentId}, connects with its valid certificate and says hello; fails unless the
     * hello is accepted within {@code deadline}.
     */
    public RawAgentClient connectAccepted(String agentId, Duration deadline) throws Exception {
        registerAgent(agentId);
        RawAgentClient client = RawAgentClient.connect(port(), pki.valid(agentId));
        client.sendHello(agentId);
        if (!client.next(deadline).hasHelloAccepted()) {
            client.close();
            throw new AssertionError("the gateway did not accept the hello of " + agentId);
        }
        return client;
    }

    /** Revokes as the API does: the store first, then the in-memory list, then the live connection. */
    public void revoke(String agentId) {
        agents.revoke(agentId, Instant.now());
        revocations.revoke(agentId);
        gateway.revoked(agentId, "agent " + agentId + " was revoked");
    }

    public long meter(String name) {
        var meter = metrics.getMeters().get("hoist.gateway." + name);
        return meter == null ? 0 : meter.getCount();
    }

    public int gauge(String name) {
        var gauge = metrics.getGauges().get("hoist.gateway." + name);
        return gauge == null ? 0 : ((Number) gauge.getValue()).intValue();
    }

    @Override
    public void close() throws Exception {
        gateway.stop();
    }
}
