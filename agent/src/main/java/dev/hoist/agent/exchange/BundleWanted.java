package dev.hoist.agent.exchange;

/** Asks for {@code length} bytes of a bundle from {@code offset}; a length of 0 means to its end. */
public record BundleWanted(String sha256, long offset, long length) implements AgentReport {
}
