package dev.hoist.agent.bundle;

import java.util.function.LongSupplier;

/**
 * Counts what one extraction has produced against its {@link ExtractionLimits}. Bytes are counted as
 * they are written, never taken from headers, so an archive that lies about sizes is still bounded.
 */
final class ExtractionBudget {

    /** Below this much output the ratio is not checked: tiny, highly compressible files are normal. */
    static final long RATIO_FLOOR_BYTES = 1L << 20;

    private final ExtractionLimits limits;
    private final LongSupplier bytesIn;
    private long entries;
    private long bytesOut;

    /**
     * @param bytesIn how many archive bytes have been consumed so far (the denominator of the ratio);
     *     {@code null} when there is no compression to bound, as for a directory
     */
    ExtractionBudget(ExtractionLimits limits, LongSupplier bytesIn) {
        this.limits = limits;
        this.bytesIn = bytesIn;
    }

    /** Counts one more entry of any kind (file, directory, link). */
    void countEntry(String entryName) throws BundleException {
        entries++;
        if (entries > limits.maxEntries()) {
            throw Refusals.entry(entryName, "is entry number " + entries + ", over the limit of "
                    + limits.maxEntries() + " entries per bundle");
        }
    }

    /** Accounts for {@code count} more bytes about to be written; refuses before they are. */
    void countBytes(String entryName, long count) throws BundleException {
        bytesOut += count;
        if (bytesOut > limits.maxTotalBytes()) {
            throw Refusals.entry(entryName, "takes the bundle over the limit of "
                    + limits.maxTotalBytes() + " bytes unpacked");
        }
        if (bytesIn != null && bytesOut > RATIO_FLOOR_BYTES) {
            long in = Math.max(1, bytesIn.getAsLong());
            if (bytesOut / in > limits.maxCompressionRatio()) {
                throw Refusals.entry(entryName, "takes the compression ratio over the limit of "
                        + limits.maxCompressionRatio() + ":1 (" + bytesOut + " bytes unpacked from "
                        + in + " archive bytes); this looks like a decompression bomb");
            }
        }
    }

    long bytesOut() {
        return bytesOut;
    }
}
