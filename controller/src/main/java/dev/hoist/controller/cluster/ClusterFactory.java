package dev.hoist.controller.cluster;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MinDuration;
import jakarta.validation.constraints.NotNull;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * {@code cluster:} in the controller's configuration: how controllers on one PostgreSQL database see each
 * other. Each renews its row every {@code heartbeatInterval}; one silent for {@code livenessTimeout} is
 * taken for gone. Revocations made on another controller are applied here within
 * {@code revocationPollInterval}. On the embedded SQLite store (one controller) none of this runs.
 */
public final class ClusterFactory {
    @JsonProperty
    @NotNull
    @MinDuration(value = 100, unit = TimeUnit.MILLISECONDS)
    private Duration heartbeatInterval = Duration.seconds(1);

    @JsonProperty
    @NotNull
    @MinDuration(value = 1, unit = TimeUnit.SECONDS)
    private Duration livenessTimeout = Duration.seconds(10);

    @JsonProperty
    @NotNull
    @MinDuration(value = 50, unit = TimeUnit.MILLISECONDS)
    private Duration revocationPollInterval = Duration.milliseconds(500);

    public java.time.Duration getRevocationPollInterval() {
        return revocationPollInterval.toJavaDuration();
    }

    /**
     * Registers this controller among those on the database and checks that it may serve beside the live
     * ones ({@link ControllerCompany}); the registry is to be managed by the lifecycle, which removes the
     * row at stop.
     *
     * @param bundleDir this controller's {@code directory} artifact store, or {@code null} for an object store
     * @throws IllegalStateException when it may not, saying what to change; the controller must not start
     */
    public ControllerRegistry register(ControllerRows rows, Path dataDir, Supplier<String> address, boolean sharedCa,
            boolean sharedSecretsKey, Path bundleDir, Clock clock) throws IOException {
        if (heartbeatInterval.toMilliseconds() * 3 > livenessTimeout.toMilliseconds()) {
            throw new IllegalArgumentException("cluster.livenessTimeout (" + livenessTimeout + ") must be at least "
                    + "three cluster.heartbeatInterval (" + heartbeatInterval + "), or one slow heartbeat makes a "
                    + "running controller look gone");
        }
        String id = ControllerRegistry.idOf(dataDir);
        if (bundleDir != null) {
            ControllerCompany.mark(bundleDir, id);
        }
        ControllerRegistry registry = new ControllerRegistry(rows, id, address, heartbeatInterval.toJavaDuration(),
                livenessTimeout.toJavaDuration(), clock);
        registry.register();
        try {
            ControllerCompany.requireShareable(registry.liveOthers(), sharedCa, sharedSecretsKey, bundleDir, clock);
        } catch (IllegalStateException e) {
            registry.stop();
            throw e;
        }
        return registry;
    }
}
