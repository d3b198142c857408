package dev.hoist.controller.gateway;

import com.codahale.metrics.MetricRegistry;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.hoist.controller.artifacts.BlobStore;
import dev.hoist.controller.core.AgentPresence;
import dev.hoist.controller.core.AgentStore;
import dev.hoist.controller.core.JoinTokenStore;
import dev.hoist.controller.core.RevocationList;
import dev.hoist.controller.core.deploy.AgentReports;
import dev.hoist.controller.pki.CertificateAuthority;
import dev.hoist.protocol.frame.FrameLimits;
import io.dropwizard.util.Duration;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Configuration of the agent gateway ({@code gateway:} in the controller's YAML); every field has a
 * default so that no file is needed.
 */
public class AgentGatewayFactory {
    @JsonProperty
    @NotEmpty
    private String bindHost = "0.0.0.0";
    @JsonProperty
    @Min(0)
    @Max(65535)
    private int port = 8443;
    /** Largest frame accepted from an agent; a larger one closes that agent's connection. */
    @JsonProperty
    @Min(1024)
    private int maxFrameBytes = FrameLimits.DEFAULT_MAX_FRAME_BYTES;
    /** Each side sends a heartbeat when it sent nothing else this long; three silent intervals close. */
    @JsonProperty
    @NotNull
    private Duration heartbeatInterval = Duration.seconds(15);
    /** Lifetime of agent certificates; agents renew at two thirds of it. */
    @JsonProperty
    @NotNull
    private Duration certificateLifetime = Duration.days(7);
    @JsonProperty
    @NotNull
    private Duration gatewayCertificateLifetime = Duration.days(90);
    /** Names (DNS or IP) agents use to reach the gateway, beyond localhost and this host's name. */
    @JsonProperty
    @NotNull
    private List<String> gatewayNames = new ArrayList<>();
    /** The SNI name by which an agent reaches the enrollment exchange instead of the authenticated one. */
    @JsonProperty
    @NotEmpty
    private String enrollmentServerName = "enroll.hoist";
    /** How long an enrollment connection may stay silent before its request. */
    @JsonProperty
    @NotNull
    private Duration enrollmentTimeout = Duration.seconds(30);
    /** Netty I/O threads; 0 means Netty's default (twice the cores). */
    @JsonProperty
    @Min(0)
    private int eventLoopThreads = 0;
    /**
     * TLS handshakes worked on at once; a connection beyond this is closed before its handshake and its
     * agent retries after its back-off. Keeps a reconnecting fleet from timing every handshake out together.
     */
    @JsonProperty
    @Min(1)
    private int maxHandshakesInFlight = 256;
    /** Threads for store calls and certificate signing, so that no event loop blocks. */
    @JsonProperty
    @Min(1)
    private int workerThreads = 4;
    /**
     * Bytes per bundle chunk sent to agents. A transfer holds one chunk being read plus up to four in
     * the connection's outbound buffer, so this also bounds the memory each transfer takes.
     */
    @JsonProperty
    @Min(16 * 1024)
    @Max(1024 * 1024)
    private int bundleChunkBytes = 256 * 1024;
    /** Threads reading bundle files for transfers, off the event loops. */
    @JsonProperty
    @Min(1)
    private int bundleReadThreads = 2;

    public String getBindHost() {
        return bindHost;
    }

    public void setBindHost(String bindHost) {
        this.bindHost = bindHost;
    }

    public int getPort() {
        return port;
    }

    public void setPort(int port) {
        this.port = port;
    }

    public int getMaxHandshakesInFlight() {
        return maxHandshakesInFlight;
    }

    public void setMaxHandshakesInFlight(int maxHandshakesInFlight) {
        this.maxHandshakesInFlight = maxHandshakesInFlight;
    }

    public int getMaxFrameBytes() {
        return maxFrameBytes;
    }

    public void setMaxFrameBytes(int maxFrameBytes) {
        this.maxFrameBytes = maxFrameBytes;
    }

    public Duration getHeartbeatInterval() {
        return heartbeatInterval;
    }

    public void setHeartbeatInterval(Duration heartbeatInterval) {
        this.heartbeatInterval = heartbeatInterval;
    }

    public Duration getCertificateLifetime() {
        return certificateLifetime;
    }

    public void setCertificateLifetime(Duration certificateLifetime) {
        this.certificateLifetime = certificateLifetime;
    }

    public Duration getGatewayCertificateLifetime() {
        return gatewayCertificateLifetime;
    }

    public List<String> getGatewayNames() {
        return gatewayNames;
    }

    public void setGatewayNames(List<String> gatewayNames) {
        this.gatewayNames = new ArrayList<>(gatewayNames);
    }

    public String getEnrollmentServerName() {
        return enrollmentServerName;
    }

    public Duration getEnrollmentTimeout() {
        return enrollmentTimeout;
    }

    public int getEventLoopThreads() {
        return eventLoopThreads;
    }

    public void setEventLoopThreads(int eventLoopThreads) {
        this.eventLoopThreads = eventLoopThreads;
    }

    public int getWorkerThreads() {
        return workerThreads;
    }

    public int getBundleChunkBytes() {
        return bundleChunkBytes;
    }

    public void setBundleChunkBytes(int bundleChunkBytes) {
        this.bundleChunkBytes = bundleChunkBytes;
    }

    public int getBundleReadThreads() {
        return bundleReadThreads;
    }

    /**
     * @param bundles where the bundles agents ask for are read from
     * @param reports who takes agents' deployment reports (an {@link AgentReportsRelay} when it is built later)
     */
    public AgentGateway build(CertificateAuthority ca, AgentStore agents, JoinTokenStore joinTokens,
            RevocationList revocations, BlobStore bundles, AgentReports reports, AgentPresence presence,
            MetricRegistry metrics, Clock clock) {
        return build(ca, agents, joinTokens, revocations, bundles, java.time.Duration.ofMinutes(15), reports,
                presence, metrics, clock);
    }

    /**
     * @param presignedUrlLifetime how long the bundle URL a deploy command carries stays valid, when the
     *     store can presign one ({@code bundles.presignedUrlLifetime})
     */
    public AgentGateway build(CertificateAuthority ca, AgentStore agents, JoinTokenStore joinTokens,
            RevocationList revocations, BlobStore bundles, java.time.Duration presignedUrlLifetime,
            AgentReports reports, AgentPresence presence, MetricRegistry metrics, Clock clock) {
        return new AgentGateway(this, ca, agents, joinTokens, revocations, bundles, presignedUrlLifetime, reports,
                presence, new GatewayMetrics(metrics), clock);
    }
}
