package dev.hoist.agent.traffic;

import dev.hoist.agent.exchange.ControllerLink;
import dev.hoist.agent.exchange.RouterAnswer;
import dev.hoist.agent.exchange.RouterRequest;
import dev.hoist.agent.traffic.HaproxyRuntime.ServerRow;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out the controller's load-balancer actions on the balancer of this host (HAProxy's runtime API),
 * for the backends this agent's own configuration lists and no others.
 *
 * <pre>
 *  BLOCK  guard: while the server is up and no other server of a backend is, wait (at most the guard timeout)
 *         set state drain ─► wait until the server has no connections (at most the drain timeout)
 *         set state maint
 *  ALLOW  set state ready ─► wait until every backend's health check says UP (at most the up timeout)
 *  READ   show stat
 * </pre>
 *
 * Each action runs on the router's own threads (never the connection's event loop), polls the balancer
 * every {@code pollInterval}, and ends by itself within its timeouts. Every action is idempotent, so a
 * redelivered request is simply done again.
 */
public final class BalancerRouter {
    private static final Logger LOG = LoggerFactory.getLogger(BalancerRouter.class);

    private final HaproxyRuntime balancer;
    private final Set<String> backends;
    private final ExecutorService threads;
    private final Duration pollInterval;

    BalancerRouter(HaproxyRuntime balancer, Set<String> backends, ExecutorService threads, Duration pollInterval) {
        this.balancer = balancer;
        this.backends = Set.copyOf(backends);
        this.threads = threads;
        this.pollInterval = pollInterval;
    }

    /** Queues {@code request}; its answer goes to {@code link}. Returns at once. */
    public void submit(RouterRequest request, ControllerLink link) {
        try {
            threads.execute(() -> link.send(handle(request)));
        } catch (RejectedExecutionException e) {
            link.send(new RouterAnswer(request.requestId(), false, "ROUTER_UNAVAILABLE", "the agent is stopping",
                    List.of(), 0));
        }
    }

    RouterAnswer handle(RouterRequest request) {
        long started = System.nanoTime();
        List<String> foreign = request.backends().stream().filter(b -> !backends.contains(b)).toList();
        if (request.backends().isEmpty() || !foreign.isEmpty()) {
            return new RouterAnswer(request.requestId(), false, "ROUTER_REFUSED", request.backends().isEmpty()
                    ? "the request names no backend" : "this agent only drives backends " + backends
                    + " (its --haproxy-backends); refused " + foreign, List.of(), 0);
        }
        if (request.action() != RouterRequest.Action.READ && !validName(request.server())) {
            return new RouterAnswer(request.requestId(), false, "ROUTER_REFUSED", "'" + request.server()
                    + "' is not a server name (letters, digits, '.', '_', '-')", List.of(), 0);
        }
        try {
            String message = switch (request.action()) {
                case BLOCK -> block(request);
                case ALLOW -> allow(request);
                case READ -> "read " + request.backends();
                case UNKNOWN -> throw new StepFailed("ROUTER_REFUSED", "this agent does not know the requested action");
            };
            return answer(request, true, null, message, started);
        } catch (StepFailed e) {
            return answer(request, false, e.failure, e.getMessage(), started);
        } catch (IOException e) {
            String failure = request.action() == RouterRequest.Action.BLOCK ? "TRAFFIC_BLOCK_FAILED"
                    : request.action() == RouterRequest.Action.ALLOW ? "TRAFFIC_ALLOW_FAILED" : "ROUTER_UNAVAILABLE";
            return answer(request, false, failure, e.getMessage(), started);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return answer(request, false, "ROUTER_UNAVAILABLE", "the agent is stopping", started);
        }
    }

    private String block(RouterRequest request) throws IOException, InterruptedException {
        String server = request.server();
        long guardEnd = deadline(request.guardTimeoutSeconds());
        while (true) {
            List<String> alone = lastServing(rows(request), server);
            if (alone.isEmpty()) {
                break;
            }
            if (System.nanoTime() - guardEnd >= 0) {
                throw new StepFailed("TRAFFIC_BLOCK_FAILED", "traffic guard: " + server + " is the only server up "
                        + "in backend(s) " + alone + "; taking it out would leave them with none. Waited "
                        + request.guardTimeoutSeconds() + " s for another server to come up");
            }
            Thread.sleep(pollInterval.toMillis());
        }
        for (String backend : request.backends()) {
            balancer.setState(backend, server, "drain");
        }
        long drainStarted = System.nanoTime();
        long drainEnd = deadline(request.drainTimeoutSeconds());
        int open;
        while (true) {
            open = rows(request).stream().filter(r -> r.server().equals(server)).mapToInt(ServerRow::connections)
                    .sum();
            if (open == 0 || System.nanoTime() - drainEnd >= 0) {
                break;
            }
            Thread.sleep(pollInterval.toMillis());
        }
        for (String backend : request.backends()) {
            balancer.setState(backend, server, "maint");
        }
        long drained = (System.nanoTime() - drainStarted) / 1_000_000;
        LOG.info("Took {} out of service in {} after draining for {} ms ({} connections left)", server,
                request.backends(), drained, open);
        return open == 0 ? server + " drained in " + drained + " ms and set to maintenance in " + request.backends()
                : server + " still had " + open + " connection(s) after the drain timeout of "
                        + request.drainTimeoutSeconds() + " s; set to maintenance in " + request.backends();
    }

    private String allow(RouterRequest request) throws IOException, InterruptedException {
        String server = request.server();
        for (String backend : request.backends()) {
            balancer.setState(backend, server, "ready");
        }
        long started = System.nanoTime();
        long end = deadline(request.upTimeoutSeconds());
        while (true) {
            List<ServerRow> mine = rows(request).stream().filter(r -> r.server().equals(server)).toList();
            if (mine.size() < request.backends().size()) {
                throw new StepFailed("TRAFFIC_ALLOW_FAILED", "backend(s) " + request.backends() + " have no server "
                        + server + " (found in: " + mine.stream().map(ServerRow::backend).toList() + ")");
            }
            if (mine.stream().allMatch(ServerRow::up)) {
                long waited = (System.nanoTime() - started) / 1_000_000;
                LOG.info("{} is back in service in {} after {} ms", server, request.backends(), waited);
                return server + " set ready and reported " + mine.get(0).status() + " by the balancer's health "
                        + "check after " + waited + " ms in " + request.backends();
            }
            if (System.nanoTime() - end >= 0) {
                throw new StepFailed("TRAFFIC_ALLOW_FAILED", server + " was set ready but the balancer's health "
                        + "check did not report it up within " + request.upTimeoutSeconds() + " s: "
                        + mine.stream().map(r -> r.backend() + " " + r.status()).collect(Collectors.joining(", ")));
            }
            Thread.sleep(pollInterval.toMillis());
        }
    }

    /** The backends where {@code server} is up and no other server is. */
    private static List<String> lastServing(List<ServerRow> rows, String server) {
        List<String> alone = new ArrayList<>();
        for (String backend : rows.stream().map(ServerRow::backend).distinct().toList()) {
            List<ServerRow> of = rows.stream().filter(r -> r.backend().equals(backend)).toList();
            boolean serving = of.stream().anyMatch(r -> r.server().equals(server) && r.up());
            boolean others = of.stream().anyMatch(r -> !r.server().equals(server) && r.up());
            if (serving && !others) {
                alone.add(backend);
            }
        }
        return alone;
    }

    private List<ServerRow> rows(RouterRequest request) throws IOException {
        return balancer.servers().stream().filter(r -> request.backends().contains(r.backend())).toList();
    }

    private RouterAnswer answer(RouterRequest request, boolean ok, String failure, String message, long started) {
        List<RouterAnswer.ServerState> servers;
        try {
            servers = rows(request).stream().map(r -> new RouterAnswer.ServerState(r.backend(), r.server(),
                    r.status(), r.connections(), r.adminState())).toList();
        } catch (IOException e) {
            servers = List.of();
            if (ok) {
                return new RouterAnswer(request.requestId(), false, "ROUTER_UNAVAILABLE", e.getMessage(), servers,
                        (System.nanoTime() - started) / 1_000_000);
            }
        }
        return new RouterAnswer(request.requestId(), ok, failure, message, servers,
                (System.nanoTime() - started) / 1_000_000);
    }

    private static long deadline(int seconds) {
        return System.nanoTime() + Duration.ofSeconds(Math.max(0, seconds)).toNanos();
    }

    private static boolean validName(String name) {
        return name != null && name.matches("[A-Za-z0-9._-]{1,128}");
    }

    /** Stops the thread pool; actions in progress are interrupted. */
    public void close() {
        threads.shutdownNow();
    }

    private static final class StepFailed extends IOException {
        private static final long serialVersionUID = 1L;
        private final String failure;

        StepFailed(String failure, String message) {
            super(message);
            this.failure = failure;
        }
    }
}
