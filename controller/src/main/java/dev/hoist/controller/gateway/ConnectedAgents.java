package dev.hoist.controller.gateway;

import io.netty.channel.Channel;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connection of each agent whose Hello was accepted, by agent id. At most one per agent: a newly accepted
 * connection of the same agent replaces (and closes) the old one.
 */
final class ConnectedAgents {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectedAgents.class);

    private final Map<String, Channel> channels = new ConcurrentHashMap<>();

    /** Registers {@code channel} as {@code agentId}'s connection, closing any earlier one. */
    void register(String agentId, Channel channel) {
        Channel previous = channels.put(agentId, channel);
        if (previous != null && previous != channel) {
            LOG.info("Agent {} connected again from {}; closing its previous connection from {}",
                    agentId, channel.remoteAddress(), previous.remoteAddress());
            previous.close();
        }
    }

    /** Forgets {@code channel}; {@code false} when it was not (or no longer) the agent's connection. */
    boolean unregister(String agentId, Channel channel) {
        return channels.remove(agentId, channel);
    }

    Optional<Channel> channel(String agentId) {
        return Optional.ofNullable(channels.get(agentId));
    }

    int count() {
        return channels.size();
    }

    void forEach(java.util.function.Consumer<Channel> action) {
        channels.values().forEach(action);
    }

    void closeAll() {
        channels.values().forEach(Channel::close);
    }
}
