package dev.hoist.api;

import java.util.List;

/**
 * Body of {@code PUT /api/v1/applications/{app}/deployment-groups/{name}/load-balancer}: the group's hosts
 * sit behind these backends of a load balancer, driven by the Hoist agent on its host ({@code agentId}, or
 * the first connected agent with the tag {@code agentTag}, {@code KEY=VALUE}; exactly one of the two).
 *
 * @param serverTag the agent tag whose value is a host's server name in the backends (e.g. {@code lb.server});
 *     null for the host's hostname
 * @param drainTimeoutSeconds BlockTraffic lets open connections finish this long (default 30)
 * @param upTimeoutSeconds AllowTraffic waits this long for the balancer's health check to say UP (default 60)
 * @param guardTimeoutSeconds BlockTraffic waits this long while the host is the last server up (default 300)
 * @param blueTag with {@code greenTag}: blue/green deployments between the hosts tagged so ({@code KEY=VALUE})
 * @param waitBeforeReroute blue/green only: deployments wait for continue before the reroute; null: reroute at once
 * @param retireOriginalAfterSeconds blue/green only: this long after the original set left the traffic, its hosts
 *     run ApplicationStop (0 to 172800); null keeps the original set ready for the next switch
 */
public record LoadBalancerBody(
        String agentId,
        String agentTag,
        List<String> backends,
        String serverTag,
        Long drainTimeoutSeconds,
        Long upTimeoutSeconds,
        Long guardTimeoutSeconds,
        String blueTag,
        String greenTag,
        WaitBeforeReroute waitBeforeReroute,
        Long retireOriginalAfterSeconds) {
}
