package dev.hoist.controller.store;

import dev.hoist.controller.core.deploy.DeploymentConfig;
import dev.hoist.controller.core.deploy.DeploymentConfigStore;
import dev.hoist.controller.core.deploy.MinimumHealthyHosts;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/**
 * Deployment configs: the built-ins from code, custom ones in SQL ({@code deployment_configs}). A
 * custom config can never shadow a built-in, whatever the case of its name.
 */
public final class JdbiDeploymentConfigStore implements DeploymentConfigStore {
    private static final String HOST_COUNT = "HOST_COUNT";
    private static final String FLEET_PERCENT = "FLEET_PERCENT";

    private final Jdbi jdbi;
    private final Clock clock;

    /** @param clock stamps {@code created_at} of custom configs */
    public JdbiDeploymentConfigStore(Jdbi jdbi, Clock clock) {
        this.jdbi = jdbi;
        this.clock = clock;
    }

    @Override
    public boolean insert(DeploymentConfig config) {
        if (DeploymentConfig.BUILT_IN.stream().anyMatch(builtIn -> builtIn.name().equalsIgnoreCase(config.name()))) {
            return false;
        }
        String type;
        int value;
        if (config.minimumHealthyHosts() instanceof MinimumHealthyHosts.HostCount count) {
            type = HOST_COUNT;
            value = count.value();
        } else if (config.minimumHealthyHosts() instanceof MinimumHealthyHosts.FleetPercent percent) {
            type = FLEET_PERCENT;
            value = percent.value();
        } else {
            throw new IllegalArgumentException("a custom deployment config is HOST_COUNT or FLEET_PERCENT, not "
                    + config.minimumHealthyHosts().describe());
        }
        return UniqueViolations.insertUnlessTaken(() -> {
            jdbi.useHandle(handle -> handle.createUpdate("INSERT INTO deployment_configs (name, minimum_type, "
                            + "minimum_value, created_at) VALUES (:name, :type, :value, :createdAt)")
                    .bind("name", config.name())
                    .bind("type", type)
                    .bind("value", value)
                    .bind("createdAt", clock.millis())
                    .execute());
        });
    }

    @Override
    public Optional<DeploymentConfig> find(String name) {
        Optional<DeploymentConfig> builtIn = DeploymentConfig.BUILT_IN.stream()
                .filter(config -> config.name().equals(name)).findFirst();
        if (builtIn.isPresent()) {
            return builtIn;
        }
        return jdbi.withHandle(handle -> handle.createQuery("SELECT name, minimum_type, minimum_value "
                        + "FROM deployment_configs WHERE name = :name")
                .bind("name", name)
                .map((rs, ctx) -> toConfig(rs))
                .findOne());
    }

    @Override
    public List<DeploymentConfig> list() {
        List<DeploymentConfig> all = new ArrayList<>(DeploymentConfig.BUILT_IN);
        all.addAll(jdbi.withHandle(handle -> handle.createQuery("SELECT name, minimum_type, minimum_value "
                        + "FROM deployment_configs ORDER BY name")
                .map((rs, ctx) -> toConfig(rs))
                .list()));
        return all;
    }

    private static DeploymentConfig toConfig(ResultSet rs) throws SQLException {
        String type = rs.getString("minimum_type");
        int value = rs.getInt("minimum_value");
        MinimumHealthyHosts minimum = switch (type) {
            case HOST_COUNT -> new MinimumHealthyHosts.HostCount(value);
            case FLEET_PERCENT -> new MinimumHealthyHosts.FleetPercent(value);
            default -> throw new IllegalStateException("deployment config '" + rs.getString("name")
                    + "' has an unknown minimum type '" + type + "' in the store");
        };
        return new DeploymentConfig(rs.getString("name"), minimum, false);
    }
}
