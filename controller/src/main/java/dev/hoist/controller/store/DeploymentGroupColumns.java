package dev.hoist.controller.store;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.hoist.controller.core.deploy.AutoRollback;
import dev.hoist.controller.core.deploy.HealthCheckSpec;
import dev.hoist.controller.core.deploy.TagFilter;
import dev.hoist.controller.core.deploy.TagSet;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The JSON columns of {@code deployment_groups}. The stored shapes are private records here rather
 * than the core types, so that renaming a core field never breaks rows already written; tag filters are
 * kept in the form users write ({@code role=web}). Unknown fields are ignored on read.
 */
final class DeploymentGroupColumns {
    private static final TypeReference<List<List<String>>> TAG_SET = new TypeReference<>() {
    };
    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {
    };
    private static final TypeReference<List<StoredHealthCheck>> HEALTH_CHECKS = new TypeReference<>() {
    };

    private final JsonColumns columns = new JsonColumns();

    String tagSet(TagSet tagSet) {
        if (tagSet == null) {
            return null;
        }
        return write(tagSet.groups().stream().map(group -> group.stream().map(TagFilter::toString).toList()).toList());
    }

    TagSet tagSet(String json) {
        if (json == null) {
            return null;
        }
        return new TagSet(read(json, TAG_SET).stream()
                .map(group -> group.stream().map(TagFilter::parse).toList())
                .toList());
    }

    String agentIds(List<String> agentIds) {
        return agentIds.isEmpty() ? null : write(agentIds);
    }

    List<String> agentIds(String json) {
        return json == null ? List.of() : read(json, STRINGS);
    }

    String autoRollback(AutoRollback autoRollback) {
        return write(new StoredAutoRollback(autoRollback.enabled(),
                new TreeSet<>(autoRollback.triggers().stream().map(Enum::name).toList())));
    }

    AutoRollback autoRollback(String json) {
        StoredAutoRollback stored = read(json, new TypeReference<>() {
        });
        return new AutoRollback(stored.enabled(), stored.triggers() == null ? Set.of()
                : Set.copyOf(stored.triggers().stream().map(AutoRollback.Trigger::valueOf).toList()));
    }

    String healthChecks(List<HealthCheckSpec> checks) {
        return write(checks.stream().map(check -> new StoredHealthCheck(check.kind().name(), check.target(),
                check.expectedStatus(), check.interval().toMillis(), check.timeout().toMillis(),
                check.bake().toMillis())).toList());
    }

    List<HealthCheckSpec> healthChecks(String json) {
        return read(json, HEALTH_CHECKS).stream().map(stored -> new HealthCheckSpec(
                HealthCheckSpec.Kind.valueOf(stored.kind()), stored.target(), stored.expectedStatus(),
                Duration.ofMillis(stored.intervalMillis()), Duration.ofMillis(stored.timeoutMillis()),
                Duration.ofMillis(stored.bakeMillis()))).toList();
    }

    private String write(Object value) {
        return columns.write(value);
    }

    private <T> T read(String json, TypeReference<T> type) {
        return columns.read(json, type);
    }

    private record StoredAutoRollback(boolean enabled, Set<String> triggers) {
    }

    private record StoredHealthCheck(String kind, String target, int expectedStatus, long intervalMillis,
            long timeoutMillis, long bakeMillis) {
    }
}
