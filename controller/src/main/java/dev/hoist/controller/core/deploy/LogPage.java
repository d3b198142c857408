package dev.hoist.controller.core.deploy;

/**
 * Which log lines of a deployment to read.
 *
 * @param agentId only this host's lines, or null for every host
 * @param afterLine only lines numbered above this (per host; meaningful with {@code agentId}), or 0
 * @param afterSequence only lines received after this deployment-wide sequence number, or 0
 */
public record LogPage(String agentId, long afterLine, long afterSequence, int limit) {
}
