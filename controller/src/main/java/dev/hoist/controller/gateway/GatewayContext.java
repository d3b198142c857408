package dev.hoist.controller.gateway;

import dev.hoist.controller.artifacts.BlobStore;
import dev.hoist.controller.core.AgentPresence;
import dev.hoist.controller.core.AgentStore;
import dev.hoist.controller.core.JoinTokenStore;
import dev.hoist.controller.pki.CertificateAuthority;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.function.BooleanSupplier;

/**
 * What every connection's handlers share: the parts of the controller they talk to and the settings
 * they follow. Built once per gateway start.
 */
record GatewayContext(
        CertificateAuthority ca,
        AgentStore agents,
        JoinTokenStore joinTokens,
        GatewayTls tls,
        ConnectedAgents connections,
        BundleGrants grants,
        AgentTaskExecutor work,
        HandshakeGate handshakes,
        HeartbeatRecorder heartbeats,
        PresenceRecorder presenceWrites,
        GatewayMetrics metrics,
        Clock clock,
        int maxFrameBytes,
        Duration heartbeatInterval,
        Duration certificateLifetime,
        Duration enrollmentTimeout,
        AgentReportRouter reports,
        AgentPresence presence,
        BlobStore bundles,
        Executor bundleReads,
        int bundleChunkBytes,
        BooleanSupplier intakeSaturated,
        SessionAuthenticator authenticator,
        CertificateRenewal renewal) {
}
