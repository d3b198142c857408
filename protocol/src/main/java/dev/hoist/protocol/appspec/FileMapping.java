package dev.hoist.protocol.appspec;

/**
 * One {@code files} entry.
 *
 * @param source relative to the bundle root, normalised without a leading slash; {@code ""} is the
 *     whole bundle (written {@code /} in the file)
 * @param destination absolute directory on the host
 */
public record FileMapping(String source, String destination) {
}
