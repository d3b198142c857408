package dev.hoist.protocol.frame;

/**
 * Why a peer's frame was refused. Either one closes the connection it arrived on, and only that one.
 *
 * @param kind what was wrong, for metrics
 * @param detail what exactly, for the log: sizes, the decoder's complaint
 */
public record FrameError(Kind kind, String detail) {

    /** The kinds of frame errors, counted separately. */
    public enum Kind {
        /** The length prefix announced more than the configured maximum. */
        OVERSIZED,
        /** The frame's bytes are not a serialized {@code Envelope}. */
        UNDECODABLE
    }
}
