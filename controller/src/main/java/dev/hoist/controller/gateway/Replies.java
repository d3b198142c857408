package dev.hoist.controller.gateway;

import dev.hoist.protocol.v1.Envelope;
import dev.hoist.protocol.v1.HelloRefused;
import dev.hoist.protocol.v1.Refusal;

/** Builders for the controller's refusals, so that every one carries a code and a reason. */
final class Replies {
    static final String IDENTITY_MISMATCH = "IDENTITY_MISMATCH";
    static final String UNKNOWN_MESSAGE = "UNKNOWN_MESSAGE";
    static final String NOT_ALLOWED = "NOT_ALLOWED";
    static final String PROTOCOL_ERROR = "PROTOCOL_ERROR";
    static final String PROTOCOL_UNSUPPORTED = "PROTOCOL_UNSUPPORTED";
    static final String REVOKED = "REVOKED";
    static final String UNKNOWN_AGENT = "UNKNOWN_AGENT";
    static final String UNAVAILABLE = "UNAVAILABLE";
    static final String FACTS_INVALID = "FACTS_INVALID";

    private Replies() {
    }

    static Envelope.Builder refusal(long refusedSeq, String code, String message) {
        return Envelope.newBuilder().setRefusal(Refusal.newBuilder()
                .setRefusedSeq(refusedSeq).setCode(code).setMessage(message));
    }

    static Envelope.Builder helloRefused(String code, String reason, HelloRefused.Action action) {
        HelloRefused.Builder refused = HelloRefused.newBuilder().setCode(code).setReason(reason).setAction(action);
        ProtocolVersions.SUPPORTED.forEach(refused::addSupportedProtocolVersions);
        return Envelope.newBuilder().setHelloRefused(refused);
    }
}
