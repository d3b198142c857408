package dev.hoist.controller.traffic;

import dev.hoist.api.LoadBalancerBody;
import dev.hoist.api.WaitBeforeReroute;
import dev.hoist.controller.core.Agent;
import dev.hoist.controller.core.Refusal;
import dev.hoist.controller.core.deploy.DeploymentGroup;
import dev.hoist.controller.core.deploy.GroupMembership;
import dev.hoist.controller.core.traffic.LoadBalancer;
import dev.hoist.controller.core.traffic.LoadBalancerStore;
import dev.hoist.controller.core.traffic.RouterOutcome;
import dev.hoist.controller.core.traffic.TrafficRouter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

/**
 * Puts a deployment group behind a load balancer: checks the settings, reads the balancer's backends
 * through its agent, and refuses a group whose hosts have no server there, naming them. Used when a
 * group's balancer is set, and when a group is created with one.
 */
public final class GroupBalancers {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,128}");
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(20);

    private final GroupMembership membership;
    private final LoadBalancerStore balancers;
    private final TrafficRouter router;
    private final BalancerSteps steps;

    public GroupBalancers(GroupMembership membership, LoadBalancerStore balancers, TrafficRouter router,
            BalancerSteps steps) {
        this.membership = membership;
        this.balancers = balancers;
        this.router = router;
        this.steps = steps;
    }

    /** Settings that passed every check, with the balancer's agent and what it read from the balancer. */
    public record Checked(LoadBalancer balancer, String agent, RouterOutcome read) {
    }

    /**
     * {@code body} for {@code group} (stored or about to be), checked against the balancer as it is now.
     *
     * @throws Refusal {@code INVALID_LOAD_BALANCER}, {@code BLUE_GREEN_SETS_INVALID},
     *     {@code LOAD_BALANCER_UNREACHABLE}, {@code LOAD_BALANCER_REFUSED} or {@code LOAD_BALANCER_SERVERS_MISSING}
     */
    public Checked check(DeploymentGroup group, LoadBalancerBody body) {
        LoadBalancer balancer = settings(body);
        if (balancer.blueGreen() != null) {
            // A group that was blue/green already keeps the set that serves.
            String serving = balancers.find(group.id()).map(LoadBalancer::blueGreen)
                    .map(LoadBalancer.BlueGreen::serving).orElse(LoadBalancer.BlueGreen.BLUE);
            balancer = balancer.withBlueGreen(balancer.blueGreen().serving(serving));
            List<String> outside = new ArrayList<>();
            for (Agent host : membership.resolve(group).agents()) {
                boolean blue = balancer.blueGreen().contains(LoadBalancer.BlueGreen.BLUE, host.tags());
                boolean green = balancer.blueGreen().contains(LoadBalancer.BlueGreen.GREEN, host.tags());
                if (blue == green) {
                    outside.add(host.hostname() + " (" + host.id() + ", " + (blue ? "in both sets" : "in neither set")
                            + ")");
                }
            }
            if (!outside.isEmpty()) {
                throw new Refusal(Refusal.Kind.UNPROCESSABLE, "BLUE_GREEN_SETS_INVALID", "every host of group '"
                        + group.name()
                        + "' must be in exactly one of the sets " + body.blueTag() + " and " + body.greenTag()
                        + ": " + String.join("; ", outside), Map.of("hosts", outside));
            }
        }
        LoadBalancer chosen = balancer;
        String agent = steps.balancerAgent(chosen).orElseThrow(() -> Refusal.conflict("LOAD_BALANCER_UNREACHABLE",
                "no connected agent drives this load balancer (" + BalancerSteps.describe(chosen) + "); start "
                        + "hoist-agent run --haproxy-admin ... --haproxy-backends ... on the balancer's host",
                Map.of()));
        RouterOutcome read = read(agent, chosen);
        if (!read.ok()) {
            throw "ROUTER_REFUSED".equals(read.failure())
                    ? Refusal.conflict("LOAD_BALANCER_REFUSED", "the balancer's agent " + agent + " refused: "
                            + read.message(), Map.of("agentId", agent))
                    : Refusal.conflict("LOAD_BALANCER_UNREACHABLE", "cannot read the balancer through agent " + agent
                            + ": " + read.message(), Map.of("agentId", agent));
        }
        List<String> missing = new ArrayList<>();
        for (Agent host : membership.resolve(group).agents()) {
            Optional<String> server = chosen.serverName(host.hostname(), host.tags());
            List<String> lacking = server.isEmpty() ? chosen.backends() : chosen.backends().stream()
                    .filter(backend -> read.servers().stream().noneMatch(s -> s.backend().equals(backend)
                            && s.server().equals(server.get()))).toList();
            if (!lacking.isEmpty()) {
                missing.add(host.hostname() + " (" + host.id() + ", server "
                        + server.orElse("<no " + chosen.serverTag() + " tag>") + ": not in " + lacking + ")");
            }
        }
        if (!missing.isEmpty()) {
            throw new Refusal(Refusal.Kind.UNPROCESSABLE, "LOAD_BALANCER_SERVERS_MISSING", missing.size()
                    + " host(s) of group '" + group.name() + "' have no server in the balancer: "
                    + String.join("; ", missing) + ". Add "
                    + "them to the backend, or fix the hosts' " + (chosen.serverTag() == null ? "hostnames"
                    : chosen.serverTag() + " tags"), Map.of("hosts", missing));
        }
        return new Checked(chosen, agent, read);
    }

    /** Stores what {@link #check} passed as the group's balancer. */
    public void store(DeploymentGroup group, Checked checked) {
        balancers.put(group.id(), checked.balancer());
    }

    RouterOutcome read(String agent, LoadBalancer balancer) {
        try {
            return router.read(agent, balancer.backends()).get(READ_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return RouterOutcome.unavailable("interrupted");
        } catch (ExecutionException | TimeoutException e) {
            return RouterOutcome.unavailable("the balancer's agent did not answer within " + READ_TIMEOUT.toSeconds()
                    + " s");
        }
    }

    static LoadBalancer settings(LoadBalancerBody body) {
        if (body == null) {
            throw invalid("send {\"agentId\" or \"agentTag\": ..., \"backends\": [...], \"serverTag\": ...}");
        }
        boolean byId = body.agentId() != null && !body.agentId().isBlank();
        boolean byTag = body.agentTag() != null && !body.agentTag().isBlank();
        if (byId == byTag) {
            throw invalid("name the balancer's agent by agentId or by agentTag (KEY=VALUE), exactly one of the two");
        }
        if (byTag && !body.agentTag().matches("[A-Za-z0-9._/-]{1,128}(=[^=]{0,256})?")) {
            throw invalid("agentTag '" + body.agentTag() + "' is not KEY or KEY=VALUE");
        }
        if (body.backends() == null || body.backends().isEmpty() || body.backends().size() > 16) {
            throw invalid("backends must list 1 to 16 backend names");
        }
        for (String backend : body.backends()) {
            if (backend == null || !NAME.matcher(backend).matches()) {
                throw invalid("backend '" + backend + "' is not a name (letters, digits, '.', '_', '-')");
            }
        }
        if (body.serverTag() != null && !body.serverTag().matches("[A-Za-z0-9._/-]{1,128}")) {
            throw invalid("serverTag '" + body.serverTag() + "' is not a tag key");
        }
        boolean blue = body.blueTag() != null && !body.blueTag().isBlank();
        boolean green = body.greenTag() != null && !body.greenTag().isBlank();
        if (blue != green) {
            throw invalid("blue/green needs both blueTag and greenTag (KEY=VALUE each), or neither");
        }
        if (!blue && body.waitBeforeReroute() != null) {
            throw invalid("waitBeforeReroute is for blue/green groups only: give blueTag and greenTag too");
        }
        if (!blue && body.retireOriginalAfterSeconds() != null) {
            throw invalid("retireOriginalAfterSeconds is for blue/green groups only: give blueTag and greenTag too");
        }
        String tag = "[A-Za-z0-9._/-]{1,128}=[^=]{1,256}";
        if (blue && (!body.blueTag().matches(tag) || !body.greenTag().matches(tag)
                || body.blueTag().equals(body.greenTag()))) {
            throw invalid("blueTag and greenTag must be two different KEY=VALUE tags, e.g. pool=blue and pool=green");
        }
        return new LoadBalancer(byId ? body.agentId() : null, byTag ? body.agentTag() : null,
                List.copyOf(body.backends()), body.serverTag(),
                seconds("drainTimeoutSeconds", body.drainTimeoutSeconds(), LoadBalancer.DEFAULT_DRAIN_TIMEOUT),
                seconds("upTimeoutSeconds", body.upTimeoutSeconds(), LoadBalancer.DEFAULT_UP_TIMEOUT),
                seconds("guardTimeoutSeconds", body.guardTimeoutSeconds(), LoadBalancer.DEFAULT_GUARD_TIMEOUT),
                blue ? new LoadBalancer.BlueGreen(body.blueTag(), body.greenTag(), LoadBalancer.BlueGreen.BLUE,
                        continueExpiry(body.waitBeforeReroute()), retireAfter(body.retireOriginalAfterSeconds()))
                        : null);
    }

    /** How long after the reroute the original set is retired; null to keep it ready. */
    private static Duration retireAfter(Long seconds) {
        long max = LoadBalancer.BlueGreen.MAX_RETIRE_AFTER.toSeconds();
        if (seconds != null && (seconds < 0 || seconds > max)) {
            throw invalid("retireOriginalAfterSeconds must be 0 to " + max + " (two days), not " + seconds
                    + "; leave it out to keep the original set ready for the next switch");
        }
        return seconds == null ? null : Duration.ofSeconds(seconds);
    }

    /** Blue/green's wait for continue before the reroute; null for none. */
    private static Duration continueExpiry(WaitBeforeReroute wait) {
        if (wait == null) {
            return null;
        }
        long max = LoadBalancer.BlueGreen.MAX_CONTINUE_EXPIRY.toSeconds();
        if (wait.expirySeconds() == null || wait.expirySeconds() < 1 || wait.expirySeconds() > max) {
            throw invalid("waitBeforeReroute.expirySeconds must be 1 to " + max + " (two days), not "
                    + wait.expirySeconds() + "; leave waitBeforeReroute out to reroute at once");
        }
        return Duration.ofSeconds(wait.expirySeconds());
    }

    private static Duration seconds(String field, Long value, Duration fallback) {
        if (value == null) {
            return fallback;
        }
        if (value < 0 || value > LoadBalancer.MAX_TIMEOUT.toSeconds()) {
            throw invalid(field + " must be 0 to " + LoadBalancer.MAX_TIMEOUT.toSeconds() + ", not " + value);
        }
        return Duration.ofSeconds(value);
    }

    private static Refusal invalid(String message) {
        return Refusal.invalid("INVALID_LOAD_BALANCER", message, Map.of());
    }

}
