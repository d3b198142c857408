package dev.hoist.agent.traffic;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * How this agent reaches the load balancer on its host, and which of its backends the controller may
 * drive: {@code hoist-agent run --haproxy-admin ADDR --haproxy-backends B1,B2}. Builds the
 * {@link BalancerRouter}.
 *
 * @param admin HAProxy's runtime API: a UNIX socket path, or {@code 127.0.0.1:PORT}
 * @param backends the backends the controller may drain and restore; every other is refused
 */
public record BalancerSettings(String admin, Set<String> backends) {

    public BalancerSettings {
        if (admin == null || admin.isBlank()) {
            throw new IllegalArgumentException("--haproxy-admin needs a UNIX socket path or 127.0.0.1:PORT");
        }
        if (backends == null || backends.isEmpty()) {
            throw new IllegalArgumentException("--haproxy-backends must name the backends the controller may drive, "
                    + "e.g. --haproxy-backends web");
        }
        backends = Set.copyOf(new LinkedHashSet<>(backends));
        HaproxyRuntime.address(admin); // refuses a non-loopback address now rather than at the first request
    }

    public BalancerRouter build() {
        AtomicInteger count = new AtomicInteger();
        ScheduledExecutorService threads = Executors.newScheduledThreadPool(4, task -> {
            Thread thread = new Thread(task, "hoist-agent-traffic-router-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        return new BalancerRouter(new HaproxyRuntime(admin, threads, Duration.ofSeconds(10)), backends, threads,
                Duration.ofMillis(100));
    }
}
