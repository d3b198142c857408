package dev.hoist.protocol.frame;

import io.netty.channel.Channel;

/**
 * Told about every refused frame, just before the codec closes the connection. The protocol module
 * neither logs nor counts; the listener does both (the controller counts in its metrics, the agent
 * logs). Called on the channel's event loop: it must not block.
 */
@FunctionalInterface
public interface FrameErrorListener {

    void frameRefused(Channel channel, FrameError error);
}
