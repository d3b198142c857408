package dev.hoist.controller.gateway;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Counts and logs the end of a TLS handshake the same way on every path. */
final class HandshakeOutcome {
    private static final Logger LOG = LoggerFactory.getLogger(HandshakeOutcome.class);

    private HandshakeOutcome() {
    }

    /** Counts and logs a failed handshake and closes the connection. */
    static void refuse(ChannelHandlerContext ctx, GatewayMetrics metrics, SslHandshakeCompletionEvent event) {
        refuse(ctx, metrics, rootMessage(event.cause()));
    }

    static void refuse(ChannelHandlerContext ctx, GatewayMetrics metrics, String reason) {
        metrics.handshakeFailed();
        LOG.info("TLS handshake with {} refused: {}", ctx.channel().remoteAddress(), reason);
        ctx.close();
    }

    /** The innermost message: where the trust manager's reason ends up under the TLS engine's wrapping. */
    static String rootMessage(Throwable error) {
        Throwable cause = error;
        String message = error.toString();
        while (cause != null) {
            if (cause.getMessage() != null) {
                message = cause.getMessage();
            }
            cause = cause.getCause() == cause ? null : cause.getCause();
        }
        return message;
    }
}
