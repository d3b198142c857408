package dev.hoist.controller.gateway;

import dev.hoist.controller.core.Agent;
import dev.hoist.controller.core.AgentState;
import dev.hoist.controller.core.AgentStore;
import dev.hoist.controller.core.RevocationList;
import dev.hoist.protocol.v1.Hello;
import dev.hoist.protocol.v1.HelloRefused;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.ssl.SslHandler;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who is on a connection, and whether its hello is accepted. The identity comes from the verified
 * certificate only, checked again after the handshake because a resumed TLS session skips the trust
 * manager (a revoked agent must not resume its way in). A hello is accepted when it names that same
 * agent, shares a protocol version, and the registry knows the agent and has not revoked it; the
 * connection is recorded in the registry (off the event loop) before the answer. Shared by every session.
 */
final class SessionAuthenticator {
    private static final Logger LOG = LoggerFactory.getLogger(SessionAuthenticator.class);
    /** Widths of the agents table's columns (V1): facts beyond them cannot be recorded. */
    private static final int MAX_HOSTNAME = 255;
    private static final int MAX_OS = 255;
    private static final int MAX_SHORT_FACT = 64;

    private final AgentCertificateVerifier verifier;
    private final AgentStore agents;
    private final PresenceRecorder presenceWrites;
    private final RevocationList revocations;
    private final AgentTaskExecutor work;
    private final Clock clock;

    SessionAuthenticator(AgentCertificateVerifier verifier, AgentStore agents, PresenceRecorder presenceWrites,
            RevocationList revocations, AgentTaskExecutor work, Clock clock) {
        this.verifier = verifier;
        this.agents = agents;
        this.presenceWrites = presenceWrites;
        this.revocations = revocations;
        this.work = work;
        this.clock = clock;
    }

    /** The agent id in the connection's verified certificate. */
    String agentOf(ChannelHandlerContext ctx) throws CertificateException, SSLPeerUnverifiedException {
        var peer = ctx.pipeline().get(SslHandler.class).engine().getSession().getPeerCertificates();
        return verifier.verify((X509Certificate) peer[0]);
    }

    /** What to answer a hello: accepted with a protocol version, or refused with a code, reason and action. */
    record Verdict(int version, String code, String reason, HelloRefused.Action action) {
        static Verdict accept(int version) {
            return new Verdict(version, null, null, null);
        }

        static Verdict refuse(String code, String reason, HelloRefused.Action action) {
            return new Verdict(0, code, reason, action);
        }

        boolean accepted() {
            return code == null;
        }
    }

    /** What in the facts the store cannot hold (the agents table's column widths), or {@code null}. */
    static String factsProblem(dev.hoist.protocol.v1.HostFacts facts, String agentVersion) {
        String os = (facts.getOsName() + " " + facts.getOsVersion()).strip();
        if (facts.getHostname().length() > MAX_HOSTNAME) {
            return "the reported hostname has " + facts.getHostname().length() + " characters; at most "
                    + MAX_HOSTNAME + " are accepted";
        }
        if (os.length() > MAX_OS) {
            return "the reported OS name and version have " + os.length() + " characters; at most " + MAX_OS
                    + " are accepted";
        }
        if (facts.getArch().length() > MAX_SHORT_FACT) {
            return "the reported architecture has " + facts.getArch().length() + " characters; at most "
                    + MAX_SHORT_FACT + " are accepted";
        }
        if (agentVersion.length() > MAX_SHORT_FACT) {
            return "the reported agent version has " + agentVersion.length() + " characters; at most "
                    + MAX_SHORT_FACT + " are accepted";
        }
        return null;
    }

    /** Decides on the hello of {@code agentId}'s connection; completes off the event loop, never fails. */
    CompletableFuture<Verdict> admit(String agentId, Hello hello) {
        if (!hello.getAgentId().isEmpty() && !hello.getAgentId().equals(agentId)) {
            LOG.warn("Agent {} (by its certificate) sent a hello naming agent {}; refused", agentId, hello.getAgentId());
            return CompletableFuture.completedFuture(Verdict.refuse(Replies.IDENTITY_MISMATCH, "the hello names agent "
                    + hello.getAgentId() + " but this connection's certificate is agent " + agentId
                    + "; the agent's state directory is inconsistent: enroll again with a new token",
                    HelloRefused.Action.STOP));
        }
        var version = ProtocolVersions.negotiate(hello.getProtocolVersionsList());
        if (version.isEmpty()) {
            return CompletableFuture.completedFuture(Verdict.refuse(Replies.PROTOCOL_UNSUPPORTED, "the agent speaks "
                    + "protocol versions " + hello.getProtocolVersionsList() + "; this controller speaks "
                    + ProtocolVersions.SUPPORTED + ": upgrade the agent or the controller", HelloRefused.Action.UPGRADE));
        }
        var facts = HostFactsTranslator.fromWire(hello.getFacts());
        String factsProblem = factsProblem(hello.getFacts(), hello.getAgentVersion());
        if (factsProblem != null) {
            // The same facts would be refused on every retry: say why once, and let the agent stop.
            LOG.warn("Hello of agent {} refused: {}", agentId, factsProblem);
            return CompletableFuture.completedFuture(Verdict.refuse(Replies.FACTS_INVALID, factsProblem
                    + "; this controller cannot record it, so the agent stops: fix the host's name or OS "
                    + "description, or upgrade the agent", HelloRefused.Action.STOP));
        }
        return work.submit(agentId, () -> {
            Optional<Agent> known = agents.find(agentId);
            if (known.isEmpty()) {
                return Verdict.refuse(Replies.UNKNOWN_AGENT, "this controller has no record of agent " + agentId
                        + "; enroll again with a new join token", HelloRefused.Action.STOP);
            }
            if (known.get().state() == AgentState.REVOKED) {
                revocations.revoke(agentId);
                return Verdict.refuse(Replies.REVOKED, "agent " + agentId + " is revoked; enroll again with a new "
                        + "join token if this host should deploy again", HelloRefused.Action.STOP);
            }
            presenceWrites.connected(agentId, hello.getAgentVersion(), facts, clock.instant());
            return Verdict.accept(version.getAsInt());
        }).exceptionally(error -> {
            LOG.error("Looking up agent {} in the registry failed", agentId, error);
            return Verdict.refuse(Replies.UNAVAILABLE, "the controller cannot record this connection right now; "
                    + "reconnect later", HelloRefused.Action.RETRY_LATER);
        });
    }
}
