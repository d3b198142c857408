package dev.hoist.controller.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hoist.controller.core.deploy.Application;
import dev.hoist.controller.core.deploy.AutoRollback;
import dev.hoist.controller.core.deploy.DeploymentConfig;
import dev.hoist.controller.core.deploy.DeploymentGroup;
import dev.hoist.controller.core.deploy.HealthCheckSpec;
import dev.hoist.controller.core.deploy.MinimumHealthyHosts;
import dev.hoist.controller.core.deploy.Revision;
import dev.hoist.controller.core.deploy.TagFilter;
import dev.hoist.controller.core.deploy.TagSet;
import dev.hoist.protocol.appspec.FileExistsBehavior;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The catalog stores' behaviour (applications, revisions, deployment configs and groups). Run by
 * {@link StoreContractTest} on every database it covers, on the freshly migrated database of each test.
 */
abstract class CatalogStoreContract {
    private static final Instant T0 = Instant.parse("2025-01-01T10:00:00Z");

    private final Supplier<Jdbi> database;
    private JdbiApplicationStore applications;
    private JdbiRevisionStore revisions;
    private JdbiDeploymentConfigStore configs;
    private JdbiDeploymentGroupStore groups;

    CatalogStoreContract(Supplier<Jdbi> database) {
        this.database = database;
    }

    @BeforeEach
    void stores() {
        Jdbi jdbi = database.get();
        applications = new JdbiApplicationStore(jdbi);
        revisions = new JdbiRevisionStore(jdbi);
        configs = new JdbiDeploymentConfigStore(jdbi, Clock.fixed(T0, ZoneOffset.UTC));
        groups = new JdbiDeploymentGroupStore(jdbi);
    }

    @Test
    void applicationNamesAreUniqueAndListedByName() {
        assertThat(applications.insert(new Application("web", T0, "admin"))).isTrue();
        assertThat(applications.insert(new Application("api", T0.plusSeconds(1), "ci"))).isTrue();

        assertThat(applications.insert(new Application("web", T0.plusSeconds(2), "someone-else"))).isFalse();

        assertThat(applications.find("web")).contains(new Application("web", T0, "admin"));
        assertThat(applications.find("nope")).isEmpty();
        assertThat(applications.list()).extracting(Application::name).containsExactly("api", "web");
    }

    @Test
    void revisionsRoundTripAndComeBackInPushOrderNewestFirst() {
        applications.insert(new Application("web", T0, "admin"));
        applications.insert(new Application("other", T0, "admin"));
        // Same timestamp on purpose: push order must not depend on the clock's resolution.
        Revision first = revision("rev-1", "web", "a".repeat(64), T0);
        Revision second = revision("rev-2", "web", "b".repeat(64), T0);
        Revision third = new Revision("rev-3", "web", "a".repeat(64), 42, "tgz", null, null, T0, "ci");
        revisions.insert(first);
        revisions.insert(second);
        revisions.insert(third);
        revisions.insert(revision("rev-x", "other", "c".repeat(64), T0.plusSeconds(9)));

        assertThat(revisions.find("rev-1")).contains(first);
        assertThat(revisions.find("rev-3")).contains(third);
        assertThat(revisions.find("rev-missing")).isEmpty();
        assertThat(revisions.latest("web")).contains(third);
        assertThat(revisions.latest("empty")).isEmpty();
        assertThat(revisions.list("web", 10)).extracting(Revision::id).containsExactly("rev-3", "rev-2", "rev-1");
        assertThat(revisions.list("web", 2)).extracting(Revision::id).containsExactly("rev-3", "rev-2");
    }

    @Test
    void revisionOfAnUnknownApplicationIsRefusedByTheDatabase() {
        assertThatThrownBy(() -> revisions.insert(revision("rev-1", "ghost", "a".repeat(64), T0))).isNotNull();
        assertThat(revisions.find("rev-1")).isEmpty();
    }

    @Test
    void configsListBuiltInsFirstAndNeverLetACustomOneShadowThem() {
        assertThat(configs.insert(new DeploymentConfig("Two", new MinimumHealthyHosts.HostCount(2), false))).isTrue();
        assertThat(configs.insert(new DeploymentConfig("Forty", new MinimumHealthyHosts.FleetPercent(40), false)))
                .isTrue();

        assertThat(configs.insert(new DeploymentConfig("Two", new MinimumHealthyHosts.HostCount(3), false)))
                .isFalse();
        assertThat(configs.insert(new DeploymentConfig("oneatatime", new MinimumHealthyHosts.HostCount(1), false)))
                .isFalse();

        assertThat(configs.find("Two").orElseThrow().minimumHealthyHosts())
                .isEqualTo(new MinimumHealthyHosts.HostCount(2));
        assertThat(configs.find("Forty").orElseThrow().minimumHealthyHosts().requiredOf(10)).isEqualTo(4);
        assertThat(configs.find("Forty").orElseThrow().builtIn()).isFalse();
        assertThat(configs.find("HalfAtATime")).contains(DeploymentConfig.HALF_AT_A_TIME);
        assertThat(configs.find("Nope")).isEmpty();
        assertThat(configs.list()).extracting(DeploymentConfig::name)
                .containsExactly("OneAtATime", "HalfAtATime", "AllAtOnce", "Forty", "Two");
    }

    @Test
    void groupByTagSetRoundTripsEveryField() {
        applications.insert(new Application("web", T0, "admin"));
        TagSet tagSet = new TagSet(List.of(
                List.of(TagFilter.parse("role=web"), TagFilter.parse("role=api")),
                List.of(TagFilter.parse("env")),
                List.of(TagFilter.parse("=blue"))));
        HealthCheckSpec http = new HealthCheckSpec(HealthCheckSpec.Kind.HTTP, "http://127.0.0.1:8080/health", 200,
                Duration.ofSeconds(5), Duration.ofMillis(1500), Duration.ofSeconds(30));
        HealthCheckSpec command = new HealthCheckSpec(HealthCheckSpec.Kind.COMMAND, "/usr/bin/check --fast", 0,
                Duration.ofSeconds(10), Duration.ofSeconds(5), Duration.ZERO);
        DeploymentGroup group = new DeploymentGroup("dg-1", "web", "prod", tagSet, null, "HalfAtATime",
                new AutoRollback(true, Set.of(AutoRollback.Trigger.DEPLOYMENT_FAILURE,
                        AutoRollback.Trigger.DEPLOYMENT_STOP_ON_REQUEST)),
                FileExistsBehavior.OVERWRITE, List.of(http, command), Duration.ofMinutes(90), T0);

        assertThat(groups.insert(group)).isTrue();

        assertThat(groups.find("web", "prod")).contains(group);
        assertThat(groups.findById("dg-1")).contains(group);
        DeploymentGroup found = groups.find("web", "prod").orElseThrow();
        assertThat(found.tagSet().matches(java.util.Map.of("role", "api", "env", "x", "colour", "blue"))).isTrue();
        assertThat(found.tagSet().matches(java.util.Map.of("role", "api", "colour", "blue"))).isFalse();
    }

    @Test
    void groupByAgentIdsNamesAreUniquePerApplication() {
        applications.insert(new Application("web", T0, "admin"));
        applications.insert(new Application("api", T0, "admin"));
        DeploymentGroup byAgents = new DeploymentGroup("dg-1", "web", "canary", null, List.of("agt-1", "agt-2"),
                "OneAtATime", AutoRollback.DISABLED, null, List.of(), Duration.ofHours(1), T0);

        assertThat(groups.insert(byAgents)).isTrue();
        assertThat(groups.insert(new DeploymentGroup("dg-2", "web", "canary", null, List.of("agt-3"), "AllAtOnce",
                AutoRollback.DISABLED, null, List.of(), Duration.ofHours(1), T0))).isFalse();
        assertThat(groups.insert(new DeploymentGroup("dg-3", "api", "canary", null, List.of("agt-3"), "AllAtOnce",
                AutoRollback.ON_FAILURE, null, List.of(), Duration.ofHours(1), T0))).isTrue();
        assertThat(groups.insert(new DeploymentGroup("dg-4", "web", "all", TagSet.anyOf(List.of(TagFilter.parse("a"))),
                null, "AllAtOnce", AutoRollback.DISABLED, null, List.of(), Duration.ofHours(1), T0))).isTrue();

        assertThat(groups.find("web", "canary")).contains(byAgents);
        assertThat(groups.find("api", "canary").orElseThrow().autoRollback()).isEqualTo(AutoRollback.ON_FAILURE);
        assertThat(groups.find("web", "nope")).isEmpty();
        assertThat(groups.findById("dg-2")).isEmpty();
        assertThat(groups.list("web")).extracting(DeploymentGroup::name).containsExactly("all", "canary");
        assertThat(groups.list("none")).isEmpty();
    }

    private static Revision revision(String id, String application, String sha256, Instant at) {
        return new Revision(id, application, sha256, 1234, "tgz", "release " + id, "0123abcd", at, "admin");
    }
}
