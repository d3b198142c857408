package dev.hoist.controller.core.traffic;

import java.util.Optional;

/** Which deployment groups sit behind a load balancer, and how. Thread-safe. */
public interface LoadBalancerStore {

    Optional<LoadBalancer> find(String groupId);

    /** Sets or replaces the group's load balancer. */
    void put(String groupId, LoadBalancer balancer);

    /** @return {@code false} when the group had none */
    boolean remove(String groupId);
}
