package dev.hoist.controller.core.traffic;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How a deployment group's hosts sit behind a load balancer (docs/traffic.md): the agent on the
 * balancer's host that drives it (by id, or the first connected agent with a tag), the backends the
 * hosts serve in, and how a host maps to its server name there.
 *
 * @param balancerAgentId the balancer's agent, or null when chosen by {@code balancerAgentTag}
 * @param balancerAgentTag {@code KEY=VALUE}, or null when chosen by id
 * @param serverTag the agent tag whose value is the host's server name, or null for the hostname
 * @param drainTimeout how long BlockTraffic lets open connections finish before maintenance
 * @param upTimeout how long AllowTraffic waits for the balancer's health check to report the server up
 * @param guardTimeout how long BlockTraffic waits while the server is the last one up in a backend
 * @param blueGreen the group's two target sets for blue/green deployments, or null for in-place
 */
public record LoadBalancer(String balancerAgentId, String balancerAgentTag, List<String> backends,
        String serverTag, Duration drainTimeout, Duration upTimeout, Duration guardTimeout, BlueGreen blueGreen) {

    public static final Duration DEFAULT_DRAIN_TIMEOUT = Duration.ofSeconds(30);
    public static final Duration DEFAULT_UP_TIMEOUT = Duration.ofSeconds(60);
    public static final Duration DEFAULT_GUARD_TIMEOUT = Duration.ofSeconds(300);
    public static final Duration MAX_TIMEOUT = Duration.ofHours(1);

    public LoadBalancer {
        if ((balancerAgentId == null) == (balancerAgentTag == null)) {
            throw new IllegalArgumentException("a load balancer is driven by one agent: name it by id or by tag, "
                    + "exactly one of the two");
        }
        backends = List.copyOf(backends);
    }

    /** In-place deployments behind the balancer. */
    public LoadBalancer(String balancerAgentId, String balancerAgentTag, List<String> backends, String serverTag,
            Duration drainTimeout, Duration upTimeout, Duration guardTimeout) {
        this(balancerAgentId, balancerAgentTag, backends, serverTag, drainTimeout, upTimeout, guardTimeout, null);
    }

    public LoadBalancer withBlueGreen(BlueGreen sets) {
        return new LoadBalancer(balancerAgentId, balancerAgentTag, backends, serverTag, drainTimeout, upTimeout,
                guardTimeout, sets);
    }

    /**
     * Blue/green: the group's hosts split in two sets by tag ({@code KEY=VALUE}); {@code serving} names the set
     * that has the traffic. A deployment installs on the other set, then switches the traffic to it.
     *
     * @param continueExpiry when set, a deployment whose replacement hosts are all ready waits this long for
     *        {@code hoist deployment continue} before the reroute, and is Stopped if none comes; null: reroute
     *        at once
     * @param retireAfter when set, this long after the original set's hosts left the traffic they are retired:
     *        their ApplicationStop runs, and the deployment ends after it; null: the original set is kept ready
     *        (installed, out of service) for the next switch
     */
    public record BlueGreen(String blueTag, String greenTag, String serving, Duration continueExpiry,
            Duration retireAfter) {
        public static final String BLUE = "blue";
        public static final String GREEN = "green";
        /** The longest a deployment may wait for {@code continue}, as CodeDeploy's two days. */
        public static final Duration MAX_CONTINUE_EXPIRY = Duration.ofDays(2);
        /** The longest wait before the original set is retired, as CodeDeploy's two days before termination. */
        public static final Duration MAX_RETIRE_AFTER = Duration.ofDays(2);

        public BlueGreen {
            if (!BLUE.equals(serving) && !GREEN.equals(serving)) {
                throw new IllegalArgumentException("the serving set is blue or green, not " + serving);
            }
            if (continueExpiry != null && (continueExpiry.isNegative() || continueExpiry.isZero()
                    || continueExpiry.compareTo(MAX_CONTINUE_EXPIRY) > 0)) {
                throw new IllegalArgumentException("the wait for continue is more than 0 and at most "
                        + MAX_CONTINUE_EXPIRY + ", not " + continueExpiry);
            }
            if (retireAfter != null && (retireAfter.isNegative() || retireAfter.compareTo(MAX_RETIRE_AFTER) > 0)) {
                throw new IllegalArgumentException("the wait before the original set is retired is 0 to "
                        + MAX_RETIRE_AFTER + ", not " + retireAfter);
            }
        }

        public BlueGreen(String blueTag, String greenTag, String serving, Duration continueExpiry) {
            this(blueTag, greenTag, serving, continueExpiry, null);
        }

        /** The traffic is rerouted as soon as every replacement host is ready. */
        public BlueGreen(String blueTag, String greenTag, String serving) {
            this(blueTag, greenTag, serving, null, null);
        }

        /** Whether a deployment waits for {@code continue} before the reroute. */
        public boolean waitsForContinue() {
            return continueExpiry != null;
        }

        /** The set a deployment installs on. */
        public String idle() {
            return BLUE.equals(serving) ? GREEN : BLUE;
        }

        public String tagOf(String set) {
            return BLUE.equals(set) ? blueTag : greenTag;
        }

        public BlueGreen serving(String set) {
            return new BlueGreen(blueTag, greenTag, set, continueExpiry, retireAfter);
        }

        /** Whether an agent with {@code tags} belongs to {@code set}. */
        public boolean contains(String set, Map<String, String> tags) {
            String tag = tagOf(set);
            int equals = tag.indexOf('=');
            String key = equals < 0 ? tag : tag.substring(0, equals);
            return tags.containsKey(key) && (equals < 0 || tag.substring(equals + 1).equals(tags.get(key)));
        }
    }
    /**
     * The longest a host's BlockTraffic or AllowTraffic may wait for the balancer: the guard, drain and
     * up timeouts, and a margin for the messages.
     */
    public Duration stepTimeout() {
        return guardTimeout.plus(drainTimeout).plus(upTimeout).plusSeconds(30);
    }

    /** The host's server name in the backends: its {@code serverTag} value, or its hostname. */
    public Optional<String> serverName(String hostname, Map<String, String> tags) {
        String name = serverTag == null ? hostname : tags.get(serverTag);
        return name == null || name.isBlank() ? Optional.empty() : Optional.of(name);
    }

    /** Whether an agent with {@code tags} and {@code id} is this balancer's agent. */
    public boolean isBalancerAgent(String id, Map<String, String> tags) {
        if (balancerAgentId != null) {
            return balancerAgentId.equals(id);
        }
        int equals = balancerAgentTag.indexOf('=');
        String key = equals < 0 ? balancerAgentTag : balancerAgentTag.substring(0, equals);
        String value = equals < 0 ? null : balancerAgentTag.substring(equals + 1);
        return tags.containsKey(key) && (value == null || value.equals(tags.get(key)));
    }
}
