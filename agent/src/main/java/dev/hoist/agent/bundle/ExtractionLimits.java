package dev.hoist.agent.bundle;

/**
 * Bounds on what one bundle may unpack to.
 *
 * @param maxTotalBytes sum of the entries' uncompressed sizes, counted as they are written
 * @param maxEntries number of entries (files, directories and links)
 * @param maxCompressionRatio uncompressed bytes over archive bytes, checked once more than 1 MiB has
 *     been unpacked (so small, highly compressible files are fine)
 */
public record ExtractionLimits(long maxTotalBytes, int maxEntries, long maxCompressionRatio) {
    public static final ExtractionLimits DEFAULT = new ExtractionLimits(4L << 30, 200_000, 200);

    public ExtractionLimits {
        if (maxTotalBytes <= 0 || maxEntries <= 0 || maxCompressionRatio <= 0) {
            throw new IllegalArgumentException("extraction limits must be positive, got maxTotalBytes="
                    + maxTotalBytes + ", maxEntries=" + maxEntries + ", maxCompressionRatio=" + maxCompressionRatio);
        }
    }
}
