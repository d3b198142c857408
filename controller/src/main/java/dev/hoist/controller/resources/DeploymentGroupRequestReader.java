package dev.hoist.controller.resources;

import dev.hoist.api.AutoRollbackBody;
import dev.hoist.api.CreateDeploymentGroupRequest;
import dev.hoist.api.HealthCheckBody;
import dev.hoist.controller.core.AgentStore;
import dev.hoist.controller.core.Refusal;
import dev.hoist.controller.core.Secrets;
import dev.hoist.controller.core.Tags;
import dev.hoist.controller.core.deploy.AutoDeploy;
import dev.hoist.controller.core.deploy.AutoRollback;
import dev.hoist.controller.core.deploy.CatalogNames;
import dev.hoist.controller.core.deploy.DeploymentConfig;
import dev.hoist.controller.core.deploy.DeploymentConfigStore;
import dev.hoist.controller.core.deploy.DeploymentGroup;
import dev.hoist.controller.core.deploy.HealthCheckSpec;
import dev.hoist.controller.core.deploy.TagFilter;
import dev.hoist.controller.core.deploy.TagSet;
import dev.hoist.protocol.appspec.FileExistsBehavior;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads a create-group request into a {@link DeploymentGroup}, refusing each bad field with its own
 * code, the bad value and what would be valid. Defaults: config {@code OneAtATime}, no automatic
 * rollback, no health gates, a script timeout limit of one hour.
 */
final class DeploymentGroupRequestReader {
    static final long DEFAULT_SCRIPT_TIMEOUT_LIMIT_SECONDS = 3600;
    private static final int MAX_FILTERS_PER_GROUP = 20;
    private static final int MAX_AGENT_IDS = 1000;
    private static final int MAX_HEALTH_CHECKS = 10;
    private static final int MAX_TARGET_LENGTH = 2000;

    private final DeploymentConfigStore configs;
    private final AgentStore agents;

    DeploymentGroupRequestReader(DeploymentConfigStore configs, AgentStore agents) {
        this.configs = configs;
        this.agents = agents;
    }

    DeploymentGroup read(String application, CreateDeploymentGroupRequest request, Instant now) {
        String name = CatalogNames.requireValid("deployment group", "INVALID_GROUP_NAME", request.name());
        boolean byTags = request.tagSet() != null && !request.tagSet().isEmpty();
        boolean byAgents = request.agentIds() != null && !request.agentIds().isEmpty();
        if (byTags == byAgents) {
            throw Refusal.invalid("INVALID_GROUP_TARGET", "a deployment group selects its hosts by 'tagSet' "
                    + "(e.g. [[\"role=web\"], [\"env=prod\"]]) or by 'agentIds', exactly one of the two; "
                    + (byTags ? "both were given" : "neither was given"), Map.of());
        }
        return new DeploymentGroup(Secrets.newId("dg-"), application, name,
                byTags ? tagSet(request.tagSet()) : null, byAgents ? agentIds(request.agentIds()) : null,
                config(request.config()), autoRollback(request.autoRollback()),
                fileExistsBehavior(request.fileExistsBehavior()), healthChecks(request.healthChecks()),
                scriptTimeoutLimit(request.scriptTimeoutLimitSeconds()), now, autoDeploy(request.autoDeploy()));
    }

    /** {@code off}, {@code new-hosts} or {@code all}; null is the default ({@link AutoDeploy#DEFAULT}). */
    static AutoDeploy autoDeploy(String text) {
        if (text == null) {
            return AutoDeploy.DEFAULT;
        }
        return AutoDeploy.parse(text).orElseThrow(() -> Refusal.invalid("INVALID_AUTO_DEPLOY", "autoDeploy '" + text
                + "' is not one of " + AutoDeploy.wireNames() + ": off deploys nothing by itself, new-hosts gives "
                + "the group's current revision to hosts that join it, all also to hosts that missed a deployment",
                Map.of("autoDeploy", text, "valid", AutoDeploy.wireNames())));
    }

    private static TagSet tagSet(List<List<String>> groups) {
        if (groups.size() > TagSet.MAX_GROUPS) {
            throw Refusal.invalid("INVALID_TAG_SET", "a tag set has at most " + TagSet.MAX_GROUPS
                    + " groups of filters (a host must match one filter of every group), not " + groups.size(),
                    Map.of("groups", groups.size(), "max", TagSet.MAX_GROUPS));
        }
        List<List<TagFilter>> parsed = new ArrayList<>();
        for (int i = 0; i < groups.size(); i++) {
            List<String> group = groups.get(i);
            if (group == null || group.isEmpty() || group.size() > MAX_FILTERS_PER_GROUP) {
                throw Refusal.invalid("INVALID_TAG_SET", "group " + (i + 1) + " of the tag set needs 1 to "
                        + MAX_FILTERS_PER_GROUP + " filters (KEY, KEY=VALUE or =VALUE)", Map.of("group", i + 1));
            }
            List<TagFilter> filters = new ArrayList<>();
            for (String text : group) {
                filters.add(filter(text));
            }
            parsed.add(filters);
        }
        return new TagSet(parsed);
    }

    private static TagFilter filter(String text) {
        TagFilter filter;
        try {
            filter = TagFilter.parse(text == null ? "" : text);
        } catch (IllegalArgumentException e) {
            throw Refusal.invalid("INVALID_TAG_FILTER", e.getMessage(), Map.of("filter", String.valueOf(text)));
        }
        if (filter.key() != null && !Tags.isValidKey(filter.key())) {
            throw Refusal.invalid("INVALID_TAG_FILTER", "tag filter '" + text + "' has the key '" + filter.key()
                    + "', which no tag can have: keys are 1 to 128 letters, digits and _ . : / -, starting with a "
                    + "letter or digit; write KEY, KEY=VALUE or =VALUE", Map.of("filter", text));
        }
        if (filter.value() != null && !Tags.isValidValue(filter.value())) {
            throw Refusal.invalid("INVALID_TAG_FILTER", "tag filter '" + text + "' has a value no tag can have: "
                    + "at most 256 characters without control characters", Map.of("filter", text));
        }
        return filter;
    }

    private List<String> agentIds(List<String> ids) {
        if (ids.size() > MAX_AGENT_IDS) {
            throw Refusal.invalid("INVALID_AGENT_IDS", "a group names at most " + MAX_AGENT_IDS
                    + " agents; select larger fleets by tags", Map.of("count", ids.size()));
        }
        Set<String> unique = new LinkedHashSet<>();
        List<String> unknown = new ArrayList<>();
        for (String id : ids) {
            if (id == null || id.isBlank()) {
                throw Refusal.invalid("INVALID_AGENT_IDS", "agentIds holds an empty id; list agent ids such as "
                        + "agt-3f9c0a1b2d4e5f60 (see: hoist agent list)", Map.of());
            }
            if (unique.add(id) && agents.find(id).isEmpty()) {
                unknown.add(id);
            }
        }
        if (!unknown.isEmpty()) {
            throw Refusal.invalid("UNKNOWN_AGENT", "no agent has the id(s) " + unknown
                    + "; list the enrolled agents with: hoist agent list", Map.of("agentIds", unknown));
        }
        return List.copyOf(unique);
    }

    private String config(String name) {
        if (name == null || name.isBlank()) {
            return DeploymentConfig.DEFAULT.name();
        }
        if (configs.find(name).isEmpty()) {
            List<String> known = configs.list().stream().map(DeploymentConfig::name).toList();
            throw Refusal.invalid("UNKNOWN_DEPLOYMENT_CONFIG", "no deployment config named '" + name
                    + "'; known: " + known + " (create one with: hoist config create)",
                    Map.of("config", name, "known", known));
        }
        return name;
    }

    private static AutoRollback autoRollback(AutoRollbackBody body) {
        if (body == null || body.enabled() == null || !body.enabled()) {
            if (body != null && body.triggers() != null && !body.triggers().isEmpty()) {
                throw Refusal.invalid("INVALID_AUTO_ROLLBACK", "autoRollback has triggers but is not enabled; "
                        + "send \"enabled\": true with them, or leave the triggers out", Map.of());
            }
            return AutoRollback.DISABLED;
        }
        if (body.triggers() == null || body.triggers().isEmpty()) {
            return AutoRollback.ON_FAILURE;
        }
        List<String> valid = Arrays.stream(AutoRollback.Trigger.values()).map(Enum::name).toList();
        Set<AutoRollback.Trigger> triggers = new LinkedHashSet<>();
        for (String trigger : body.triggers()) {
            String wanted = trigger == null ? "" : trigger.trim().toUpperCase(Locale.ROOT);
            if (!valid.contains(wanted)) {
                throw Refusal.invalid("INVALID_AUTO_ROLLBACK", "rollback trigger '" + trigger + "' is not one of "
                        + valid, Map.of("trigger", String.valueOf(trigger), "valid", valid));
            }
            triggers.add(AutoRollback.Trigger.valueOf(wanted));
        }
        return new AutoRollback(true, triggers);
    }

    private static FileExistsBehavior fileExistsBehavior(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        for (FileExistsBehavior behavior : FileExistsBehavior.values()) {
            if (behavior.name().equalsIgnoreCase(text.trim())) {
                return behavior;
            }
        }
        List<String> valid = Arrays.stream(FileExistsBehavior.values()).map(Enum::name).toList();
        throw Refusal.invalid("INVALID_FILE_EXISTS_BEHAVIOR", "fileExistsBehavior '" + text + "' is not one of "
                + valid, Map.of("fileExistsBehavior", text, "valid", valid));
    }

    private static List<HealthCheckSpec> healthChecks(List<HealthCheckBody> bodies) {
        if (bodies == null) {
            return List.of();
        }
        if (bodies.size() > MAX_HEALTH_CHECKS) {
            throw Refusal.invalid("INVALID_HEALTH_CHECK", "a group has at most " + MAX_HEALTH_CHECKS
                    + " health checks, not " + bodies.size(), Map.of("count", bodies.size()));
        }
        List<HealthCheckSpec> checks = new ArrayList<>();
        for (int i = 0; i < bodies.size(); i++) {
            checks.add(healthCheck(i, bodies.get(i)));
        }
        return checks;
    }

    private static HealthCheckSpec healthCheck(int index, HealthCheckBody body) {
        if (body == null) {
            throw healthRefusal(index, "", null, "is empty; give at least {\"type\": \"http\", \"target\": URL}");
        }
        HealthCheckSpec.Kind kind = kind(index, body.type());
        String target = body.target() == null ? "" : body.target().trim();
        if (target.isEmpty() || target.length() > MAX_TARGET_LENGTH || target.chars().anyMatch(Character::isISOControl)) {
            throw healthRefusal(index, "target", body.target(), "must be 1 to " + MAX_TARGET_LENGTH
                    + " characters without control characters: " + targetHint(kind));
        }
        switch (kind) {
            case HTTP -> checkUrl(index, target);
            case TCP -> checkHostPort(index, target);
            case COMMAND -> {
                // any command line; the agent runs it
            }
        }
        int expectedStatus = 0;
        if (body.expectedStatus() != null) {
            if (kind != HealthCheckSpec.Kind.HTTP) {
                throw healthRefusal(index, "expectedStatus", body.expectedStatus(), "only goes with type http");
            }
            expectedStatus = body.expectedStatus();
            if (expectedStatus != 0 && (expectedStatus < 100 || expectedStatus > 599)) {
                throw healthRefusal(index, "expectedStatus", expectedStatus,
                        "must be an HTTP status from 100 to 599, or 0 for any 2xx");
            }
        }
        Duration interval = seconds(index, "intervalSeconds", body.intervalSeconds(), HealthCheckSpec.DEFAULT_INTERVAL,
                1, 3600);
        Duration timeout = seconds(index, "timeoutSeconds", body.timeoutSeconds(), HealthCheckSpec.DEFAULT_TIMEOUT,
                1, 3600);
        Duration bake = seconds(index, "bakeSeconds", body.bakeSeconds(), HealthCheckSpec.DEFAULT_BAKE, 0, 86_400);
        return new HealthCheckSpec(kind, target, expectedStatus, interval, timeout, bake);
    }

    private static HealthCheckSpec.Kind kind(int index, String type) {
        for (HealthCheckSpec.Kind kind : HealthCheckSpec.Kind.values()) {
            if (kind.name().equalsIgnoreCase(type == null ? "" : type.trim())) {
                return kind;
            }
        }
        throw healthRefusal(index, "type", type, "must be http, tcp or command");
    }

    private static void checkUrl(int index, String target) {
        try {
            URI uri = URI.create(target);
            if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null) {
                return;
            }
        } catch (IllegalArgumentException e) {
            // answered below
        }
        throw healthRefusal(index, "target", target, "must be an http:// or https:// URL, e.g. "
                + "http://127.0.0.1:8080/health");
    }

    private static void checkHostPort(int index, String target) {
        int colon = target.lastIndexOf(':');
        if (colon > 0) {
            try {
                int port = Integer.parseInt(target.substring(colon + 1));
                if (port >= 1 && port <= 65_535) {
                    return;
                }
            } catch (NumberFormatException e) {
                // answered below
            }
        }
        throw healthRefusal(index, "target", target, "must be HOST:PORT with a port from 1 to 65535, e.g. "
                + "127.0.0.1:5432");
    }

    private static Duration seconds(int index, String field, Integer value, Duration fallback, int min, int max) {
        if (value == null) {
            return fallback;
        }
        if (value < min || value > max) {
            throw healthRefusal(index, field, value, "must be from " + min + " to " + max + " seconds");
        }
        return Duration.ofSeconds(value);
    }

    private static String targetHint(HealthCheckSpec.Kind kind) {
        return switch (kind) {
            case HTTP -> "a URL such as http://127.0.0.1:8080/health";
            case TCP -> "HOST:PORT such as 127.0.0.1:5432";
            case COMMAND -> "a command line such as /opt/app/bin/check";
        };
    }

    private static Refusal healthRefusal(int index, String field, Object value, String rule) {
        String where = "healthChecks[" + index + "]" + (field.isEmpty() ? "" : "." + field);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("field", where);
        if (value != null) {
            details.put("value", value);
        }
        return Refusal.invalid("INVALID_HEALTH_CHECK", where + (value == null ? "" : " '" + value + "'") + " " + rule,
                details);
    }

    private static Duration scriptTimeoutLimit(Long seconds) {
        if (seconds == null) {
            return Duration.ofSeconds(DEFAULT_SCRIPT_TIMEOUT_LIMIT_SECONDS);
        }
        long max = DeploymentGroup.MAX_SCRIPT_TIMEOUT_LIMIT.toSeconds();
        if (seconds < 1 || seconds > max) {
            throw Refusal.invalid("INVALID_SCRIPT_TIMEOUT_LIMIT", "scriptTimeoutLimitSeconds " + seconds
                    + " is out of range: from 1 to " + max + " (24 h)", Map.of("value", seconds, "max", max));
        }
        return Duration.ofSeconds(seconds);
    }
}
