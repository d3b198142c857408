package dev.hoist.controller.store;

import dev.hoist.controller.core.traffic.LoadBalancer;
import dev.hoist.controller.core.traffic.LoadBalancerStore;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/**
 * Groups behind a load balancer, in SQL ({@code group_load_balancers}: V9, V10 for the wait for continue, V14
 * for retiring the original set).
 */
public final class JdbiLoadBalancerStore implements LoadBalancerStore {
    private final Jdbi jdbi;
    private final Clock clock;

    public JdbiLoadBalancerStore(Jdbi jdbi, Clock clock) {
        this.jdbi = jdbi;
        this.clock = clock;
    }

    @Override
    public Optional<LoadBalancer> find(String groupId) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT balancer_agent_id, balancer_agent_tag, backends, "
                        + "server_tag, drain_timeout_millis, up_timeout_millis, guard_timeout_millis, blue_tag, "
                        + "green_tag, serving_set, continue_expiry_millis, retire_after_millis FROM group_load_balancers "
                        + "WHERE group_id = :group")
                .bind("group", groupId)
                .map((rs, ctx) -> new LoadBalancer(rs.getString("balancer_agent_id"),
                        rs.getString("balancer_agent_tag"), List.of(rs.getString("backends").split(",")), rs.getString("server_tag"),
                        Duration.ofMillis(rs.getLong("drain_timeout_millis")),
                        Duration.ofMillis(rs.getLong("up_timeout_millis")),
                        Duration.ofMillis(rs.getLong("guard_timeout_millis")),
                        rs.getString("blue_tag") == null ? null : new LoadBalancer.BlueGreen(rs.getString("blue_tag"),
                                rs.getString("green_tag"), rs.getString("serving_set"),
                                durationOrNull(rs.getLong("continue_expiry_millis"), rs.wasNull()),
                                durationOrNull(rs.getLong("retire_after_millis"), rs.wasNull()))))
                .findOne());
    }

    @Override
    public void put(String groupId, LoadBalancer balancer) {
        LoadBalancer.BlueGreen sets = balancer.blueGreen();
        jdbi.useTransaction(handle -> {
            handle.createUpdate("DELETE FROM group_load_balancers WHERE group_id = :group").bind("group", groupId)
                    .execute();
            handle.createUpdate("INSERT INTO group_load_balancers (group_id, balancer_agent_id, balancer_agent_tag, "
                            + "backends, server_tag, drain_timeout_millis, up_timeout_millis, guard_timeout_millis, "
                            + "blue_tag, green_tag, serving_set, continue_expiry_millis, retire_after_millis, "
                            + "updated_at) VALUES (:group, :agentId, :agentTag, :backends, :serverTag, :drain, :up, "
                            + ":guard, :blue, :green, :serving, :continueExpiry, :retireAfter, :at)")
                    .bind("group", groupId)
                    .bind("agentId", balancer.balancerAgentId())
                    .bind("agentTag", balancer.balancerAgentTag())
                    .bind("backends", String.join(",", balancer.backends()))
                    .bind("serverTag", balancer.serverTag())
                    .bind("drain", balancer.drainTimeout().toMillis())
                    .bind("up", balancer.upTimeout().toMillis())
                    .bind("guard", balancer.guardTimeout().toMillis())
                    .bind("blue", sets == null ? null : sets.blueTag())
                    .bind("green", sets == null ? null : sets.greenTag())
                    .bind("serving", sets == null ? null : sets.serving())
                    .bind("continueExpiry", sets == null || sets.continueExpiry() == null ? null
                            : sets.continueExpiry().toMillis())
                    .bind("retireAfter", sets == null || sets.retireAfter() == null ? null
                            : sets.retireAfter().toMillis())
                    .bind("at", clock.millis())
                    .execute();
        });
    }

    private static Duration durationOrNull(long millis, boolean wasNull) {
        return wasNull ? null : Duration.ofMillis(millis);
    }

    @Override
    public boolean remove(String groupId) {
        return jdbi.withHandle(handle -> handle.createUpdate("DELETE FROM group_load_balancers WHERE group_id = :group")
                .bind("group", groupId).execute()) > 0;
    }
}
