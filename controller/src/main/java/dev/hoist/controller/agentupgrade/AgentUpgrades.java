package dev.hoist.controller.agentupgrade;

import dev.hoist.controller.core.Refusal;
import dev.hoist.controller.core.Secrets;
import dev.hoist.controller.core.deploy.AgentDistributions;
import dev.hoist.controller.core.deploy.AutoRollback;
import dev.hoist.controller.core.deploy.Deployment;
import dev.hoist.controller.core.deploy.DeploymentGroup;
import dev.hoist.controller.core.deploy.DeploymentGroupStore;
import dev.hoist.controller.core.deploy.DeploymentRequest;
import dev.hoist.controller.core.deploy.Deployments;
import dev.hoist.controller.core.deploy.TagFilter;
import dev.hoist.controller.core.deploy.TagSet;
import dev.hoist.controller.install.AgentDistribution;
import dev.hoist.protocol.appspec.FileExistsBehavior;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * {@code hoist agent upgrade}: an agent upgrade is a deployment of an agent distribution (a revision of
 * {@value AgentDistributions#APPLICATION}) to a deployment group of that application whose hosts are the agents
 * with the given tags. The group is made on the first upgrade of a tag selection and kept, so that the next
 * upgrade of the same agents has the last successful one to roll back to; everything after that is the
 * deployment path every application takes (configs, canary batches, deadlines, stop, automatic rollback).
 */
public final class AgentUpgrades {
    /** How long a host may take, by default, from its command to its agent back on the new version. */
    public static final Duration DEFAULT_DEADLINE = Duration.ofMinutes(10);
    static final Duration MAX_DEADLINE = DeploymentGroup.MAX_SCRIPT_TIMEOUT_LIMIT;

    private final DistributionCatalog catalog;
    private final AgentDistribution served;
    private final DeploymentGroupStore groups;
    private final Deployments deployments;
    private final Clock clock;

    public AgentUpgrades(DistributionCatalog catalog, AgentDistribution served, DeploymentGroupStore groups,
            Deployments deployments, Clock clock) {
        this.catalog = catalog;
        this.served = served;
        this.groups = groups;
        this.deployments = deployments;
        this.clock = clock;
    }

    /**
     * What an upgrade asks for.
     *
     * @param version null for the distribution this controller serves at {@code /install/}
     * @param config null for the group's ({@code OneAtATime} when the group is made)
     * @param deadline null for {@link #DEFAULT_DEADLINE}; only used when the group is made
     * @param autoRollback null to keep the group's (on for failures when the group is made)
     */
    public record Request(Map<String, String> tags, String version, String config, Duration deadline,
            Boolean autoRollback) {
    }

    /** The upgrade started: its deployment, and the distribution it deploys. */
    public record Started(Deployment deployment, DistributionCatalog.Distribution distribution) {
    }

    public Started start(Request request, String creator) throws IOException {
        SortedMap<String, String> tags = checkTags(request.tags());
        Duration deadline = checkDeadline(request.deadline());
        DistributionCatalog.Distribution distribution = distribution(request.version(), creator);
        catalog.ensureApplication(creator);
        DeploymentGroup group = group(tags, deadline);
        Deployment deployment = deployments.create(new DeploymentRequest(AgentDistributions.APPLICATION, group.name(),
                distribution.revision().id(), request.config(), false, null, request.autoRollback(),
                "upgrade of the agents tagged " + describe(tags) + " to " + distribution.version()), creator, null);
        return new Started(deployment, distribution);
    }

    /** The registered distribution of {@code version}, or the served one (registered now if it is new). */
    private DistributionCatalog.Distribution distribution(String version, String creator) throws IOException {
        if (version != null && !version.isBlank()) {
            Optional<DistributionCatalog.Distribution> found = catalog.find(version);
            if (found.isPresent()) {
                return found.get();
            }
        }
        Optional<AgentDistribution.Snapshot> snapshot = served.current();
        if (snapshot.isEmpty()) {
            throw Refusal.notFound("AGENT_DISTRIBUTION_NOT_FOUND", (version == null ? "this controller serves no "
                    + "agent distribution" : "no agent distribution " + version + " is registered, and this controller "
                    + "serves none") + "; upload one with: hoist agent dist push hoist-agent-linux-x86_64.tar.gz",
                    Map.of("looked", served.candidates().toString()));
        }
        DistributionCatalog.Distribution current;
        try (InputStream in = Files.newInputStream(snapshot.get().path())) {
            current = catalog.register(in, null, creator);
        }
        if (version != null && !version.isBlank() && !current.version().equals(version)) {
            throw Refusal.notFound("AGENT_DISTRIBUTION_NOT_FOUND", "no agent distribution " + version + " is "
                    + "registered (this controller serves " + current.version() + "; known: " + catalog.list().stream()
                    .map(DistributionCatalog.Distribution::version).distinct().collect(Collectors.joining(", "))
                    + "); upload it with: hoist agent dist push FILE", Map.of("version", version));
        }
        return current;
    }

    /** The upgrade group of these tags, made on first use. */
    private DeploymentGroup group(SortedMap<String, String> tags, Duration deadline) {
        String name = groupName(tags);
        Optional<DeploymentGroup> existing = groups.find(AgentDistributions.APPLICATION, name);
        if (existing.isPresent()) {
            return existing.get();
        }
        List<List<TagFilter>> filters = tags.entrySet().stream()
                .map(tag -> List.of(new TagFilter(tag.getKey(), tag.getValue()))).toList();
        DeploymentGroup made = new DeploymentGroup(Secrets.newId("dg-"), AgentDistributions.APPLICATION, name,
                new TagSet(filters), null, "OneAtATime", AutoRollback.ON_FAILURE, FileExistsBehavior.OVERWRITE,
                List.of(), deadline, clock.instant());
        if (!groups.insert(made)) {
            // Made at the same moment by another upgrade of the same tags.
            return groups.find(AgentDistributions.APPLICATION, name).orElseThrow();
        }
        return made;
    }

    /**
     * {@code agents.env-prod.role-web.3f9c0a1b}: readable, and unique per tag selection (the digest tells
     * apart selections whose tags differ only in characters a group name cannot hold).
     */
    static String groupName(SortedMap<String, String> tags) {
        String canonical = tags.entrySet().stream().map(tag -> tag.getKey() + "=" + tag.getValue())
                .collect(Collectors.joining("\n"));
        String readable = tags.entrySet().stream()
                .map(tag -> (tag.getKey() + "-" + tag.getValue()).replaceAll("[^A-Za-z0-9_-]", "_"))
                .collect(Collectors.joining("."));
        if (readable.length() > 100) {
            readable = readable.substring(0, 100);
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8));
            return "agents." + readable + "." + HexFormat.of().formatHex(digest, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    private static SortedMap<String, String> checkTags(Map<String, String> tags) {
        if (tags == null || tags.isEmpty()) {
            throw Refusal.invalid("INVALID_TAGS", "name the agents to upgrade by their tags, e.g. --tag env=prod "
                    + "(every agent with all the given tags is upgraded)", Map.of("field", "tags"));
        }
        if (tags.size() > TagSet.MAX_GROUPS) {
            throw Refusal.invalid("INVALID_TAGS", "an upgrade selects agents by at most " + TagSet.MAX_GROUPS
                    + " tags, not " + tags.size() + "; tag the agents to upgrade with one more tag and name that",
                    Map.of("tags", tags.keySet()));
        }
        for (Map.Entry<String, String> tag : tags.entrySet()) {
            if (tag.getKey() == null || tag.getKey().isBlank() || tag.getValue() == null || tag.getValue().isBlank()) {
                throw Refusal.invalid("INVALID_TAGS", "tag '" + tag.getKey() + "=" + tag.getValue() + "' needs a key "
                        + "and a value: write KEY=VALUE", Map.of("field", "tags"));
            }
        }
        return new TreeMap<>(tags);
    }

    private static Duration checkDeadline(Duration deadline) {
        if (deadline == null) {
            return DEFAULT_DEADLINE;
        }
        if (deadline.isNegative() || deadline.isZero() || deadline.compareTo(MAX_DEADLINE) > 0) {
            throw Refusal.invalid("INVALID_DEADLINE", "deadlineSeconds must be between 1 and "
                    + MAX_DEADLINE.toSeconds() + ", not " + deadline.toSeconds(), Map.of("field", "deadlineSeconds"));
        }
        return deadline;
    }

    private static String describe(Map<String, String> tags) {
        return tags.entrySet().stream().map(tag -> tag.getKey() + "=" + tag.getValue())
                .collect(Collectors.joining(", "));
    }
}
