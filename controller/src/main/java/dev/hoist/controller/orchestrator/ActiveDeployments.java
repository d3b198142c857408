package dev.hoist.controller.orchestrator;

import dev.hoist.controller.core.deploy.DeploymentStatus;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every unfinished deployment the orchestrator holds, in creation order, and which one each command id
 * belongs to. Confined to the loop's thread.
 */
final class ActiveDeployments {
    private final Map<String, ActiveDeployment> byId = new LinkedHashMap<>();
    private final Map<String, ActiveDeployment> byCommand = new HashMap<>();

    void add(ActiveDeployment ad) {
        byId.put(ad.id(), ad);
        ad.hosts().forEach(host -> {
            if (host.commandId() != null) {
                byCommand.put(host.commandId(), ad);
            }
        });
    }

    /** The deployment ended: it and its commands are forgotten. */
    void remove(ActiveDeployment ad) {
        byId.remove(ad.id());
        ad.hosts().forEach(host -> {
            if (host.commandId() != null) {
                byCommand.remove(host.commandId());
            }
        });
    }

    void commandIssued(String commandId, ActiveDeployment ad) {
        byCommand.put(commandId, ad);
    }

    Optional<ActiveDeployment> get(String deploymentId) {
        return Optional.ofNullable(byId.get(deploymentId));
    }

    boolean contains(ActiveDeployment ad) {
        return byId.containsKey(ad.id());
    }

    /** The deployment and host a command was sent for, when it is still unfinished. */
    Optional<ActiveDeployment> ofCommand(String commandId) {
        return Optional.ofNullable(byCommand.get(commandId));
    }

    /** A snapshot, safe to iterate while deployments start and end. */
    List<ActiveDeployment> all() {
        return List.copyOf(byId.values());
    }

    Collection<ActiveDeployment> view() {
        return byId.values();
    }

    int size() {
        return byId.size();
    }

    /** The group's deployment that has started, or null when the group is free. */
    ActiveDeployment running(String groupId) {
        for (ActiveDeployment ad : byId.values()) {
            if (ad.group().id().equals(groupId) && !isWaiting(ad)) {
                return ad;
            }
        }
        return null;
    }

    /** The group's oldest deployment still waiting to start, or null. */
    ActiveDeployment nextWaiting(String groupId) {
        for (ActiveDeployment ad : byId.values()) {
            if (ad.group().id().equals(groupId)) {
                return isWaiting(ad) ? ad : null;
            }
        }
        return null;
    }

    boolean anyIn(String groupId) {
        return byId.values().stream().anyMatch(ad -> ad.group().id().equals(groupId));
    }

    static boolean isWaiting(ActiveDeployment ad) {
        DeploymentStatus status = ad.deployment().status();
        return status == DeploymentStatus.CREATED || status == DeploymentStatus.QUEUED;
    }
}
