package dev.hoist.agent.exchange;

import java.nio.ByteBuffer;

/**
 * Bytes of a bundle answering a {@link BundleWanted}.
 *
 * @param data read-only; its position is where the bytes start
 * @param last the final part answering the request (its range's end, or the bundle's)
 * @param error non-empty: the controller cannot serve the bundle
 */
public record BundlePart(String sha256, long offset, ByteBuffer data, boolean last, String error) {

    /** A read-only view of the bytes, positioned at their start, for each reader. */
    public ByteBuffer bytes() {
        return data.asReadOnlyBuffer();
    }

    public int size() {
        return data.remaining();
    }
}
