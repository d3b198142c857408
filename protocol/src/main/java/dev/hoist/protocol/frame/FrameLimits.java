package dev.hoist.protocol.frame;

/** Bounds of the frame codec, shared by the controller and the agent. */
public final class FrameLimits {
    /** Default maximum size of one frame's body (the serialized envelope): 4 MiB. */
    public static final int DEFAULT_MAX_FRAME_BYTES = 4 * 1024 * 1024;
    /** Size of the big-endian length prefix in front of every frame. */
    public static final int LENGTH_PREFIX_BYTES = 4;

    private FrameLimits() {
    }
}
