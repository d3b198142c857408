package dev.hoist.controller.gateway;

import com.codahale.metrics.Gauge;
import com.codahale.metrics.Meter;
import com.codahale.metrics.MetricRegistry;
import dev.hoist.protocol.frame.FrameError;
import java.util.Locale;
import java.util.function.IntSupplier;

/**
 * The gateway's metrics, all under {@code hoist.gateway.}: connected agents, handshakes, refusals by
 * code, enrollments by outcome, frames in and out, refused frames by kind, bundle requests and bytes
 * served, and deployment reports that could not be handed on.
 */
final class GatewayMetrics {
    static final String PREFIX = "hoist.gateway.";

    private final MetricRegistry registry;
    private final Meter handshakesOk;
    private final Meter handshakesFailed;
    private final Meter handshakesShed;
    private final Meter framesIn;
    private final Meter framesOut;
    private final Meter bundleRequests;
    private final Meter bundleBytesServed;
    private final Meter bundleRefusals;
    private final Meter reportsFailed;

    GatewayMetrics(MetricRegistry registry) {
        this.registry = registry;
        this.handshakesOk = registry.meter(PREFIX + "handshakes.ok");
        this.handshakesFailed = registry.meter(PREFIX + "handshakes.failed");
        this.handshakesShed = registry.meter(PREFIX + "handshakes.shed");
        this.framesIn = registry.meter(PREFIX + "frames.in");
        this.framesOut = registry.meter(PREFIX + "frames.out");
        this.bundleRequests = registry.meter(PREFIX + "bundles.requests");
        this.bundleBytesServed = registry.meter(PREFIX + "bundles.bytes-served");
        this.bundleRefusals = registry.meter(PREFIX + "bundles.refused");
        this.reportsFailed = registry.meter(PREFIX + "reports.failed");
    }

    void gaugeConnectedAgents(IntSupplier connected) {
        registry.remove(PREFIX + "agents.connected");
        registry.register(PREFIX + "agents.connected", (Gauge<Integer>) connected::getAsInt);
    }

    void gaugeHandshakesInFlight(IntSupplier inFlight) {
        registry.remove(PREFIX + "handshakes.in-flight");
        registry.register(PREFIX + "handshakes.in-flight", (Gauge<Integer>) inFlight::getAsInt);
    }

    void unregisterGauges() {
        registry.remove(PREFIX + "agents.connected");
        registry.remove(PREFIX + "handshakes.in-flight");
    }

    void handshakeSucceeded() {
        handshakesOk.mark();
    }

    void handshakeFailed() {
        handshakesFailed.mark();
    }

    /** A connection closed before its handshake because {@code gateway.maxHandshakesInFlight} were under way. */
    void handshakeShed() {
        handshakesShed.mark();
    }

    /** A message or hello refused with {@code code} (IDENTITY_MISMATCH, UNKNOWN_MESSAGE, REVOKED, ...). */
    void refused(String code) {
        registry.meter(PREFIX + "refusals." + code.toLowerCase(Locale.ROOT)).mark();
    }

    /** An enrollment answered with {@code status} (ok, token_unknown, token_expired, token_spent, ...). */
    void enrollment(String status) {
        registry.meter(PREFIX + "enrollments." + status.toLowerCase(Locale.ROOT)).mark();
    }

    void frameIn() {
        framesIn.mark();
    }

    void frameOut() {
        framesOut.mark();
    }

    void frameRefused(FrameError.Kind kind) {
        registry.meter(PREFIX + "frame-errors." + kind.name().toLowerCase(Locale.ROOT)).mark();
    }

    void bundleRequested() {
        bundleRequests.mark();
    }

    void bundleBytesServed(long bytes) {
        bundleBytesServed.mark(bytes);
    }

    /** A bundle request answered with an error chunk (unknown digest, bad range, read failure). */
    void bundleRefused() {
        bundleRefusals.mark();
    }

    /** A report from an agent that the orchestrator did not take (it threw); the agent sends it again. */
    void reportFailed() {
        reportsFailed.mark();
    }
}
