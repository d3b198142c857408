package dev.hoist.agent.bundle;

/**
 * Bounds on what one bundle may unpack to.
 *
 * @param maxTotalBytes sum of the entries' uncompressed sizes
 * @param maxEntries number of entries
 * @param maxCompressionRatio uncompressed bytes over archive bytes, for archives of at least 1 MiB unpacked
 */
public record ExtractionLimits(long maxTotalBytes, int maxEntries, long maxCompressionRatio) {
    public static final ExtractionLimits DEFAULT = new ExtractionLimits(4L << 30, 200_000, 200);
}
