package dev.hoist.controller;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.hoist.controller.bundles.BundleStoreFactory;
import dev.hoist.controller.cluster.ClusterFactory;
import dev.hoist.controller.console.ConsoleFactory;
import dev.hoist.controller.gateway.AgentGatewayFactory;
import dev.hoist.controller.install.InstallFactory;
import dev.hoist.controller.orchestrator.OrchestratorFactory;
import dev.hoist.controller.pki.PkiFactory;
import dev.hoist.controller.secrets.SecretsFactory;
import dev.hoist.controller.source.SourcesFactory;
import dev.hoist.controller.store.DatabaseFactory;
import io.dropwizard.core.Configuration;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;

/**
 * The controller's configuration. Every key has a default (here, or for {@code server}, {@code logging}
 * and {@code dataDir} in {@code hoist-defaults.yml}), so that no file is needed; a file overrides any
 * of them. See docs/operations.md for the reference.
 */
public class HoistConfiguration extends Configuration {
    @JsonProperty
    @NotBlank
    private String dataDir = "./hoist-data";

    /**
     * What agents dial to reach the gateway, {@code HOST} or {@code HOST:PORT}, as printed in enroll
     * commands; by default this machine's hostname and the gateway's port.
     */
    @JsonProperty
    private String advertisedAddress;

    /**
     * Let the admin port (health checks, metrics; no authentication) listen beyond loopback: only when a
     * firewall keeps it private.
     */
    @JsonProperty
    private boolean adminAllowRemote;

    @JsonProperty
    @Valid
    @NotNull
    private DatabaseFactory database = new DatabaseFactory();

    @JsonProperty
    @Valid
    @NotNull
    private AgentGatewayFactory gateway = new AgentGatewayFactory();

    @JsonProperty
    @Valid
    @NotNull
    private ApiSettings api = new ApiSettings();

    @JsonProperty
    @Valid
    @NotNull
    private OrchestratorFactory orchestrator = new OrchestratorFactory();

    @JsonProperty
    @Valid
    @NotNull
    private BundleStoreFactory bundles = new BundleStoreFactory();

    @JsonProperty
    @Valid
    @NotNull
    private ConsoleFactory console = new ConsoleFactory();

    @JsonProperty
    @Valid
    @NotNull
    private InstallFactory install = new InstallFactory();
    private SecretsFactory secrets = new SecretsFactory();

    @JsonProperty
    @Valid
    @NotNull
    private PkiFactory pki = new PkiFactory();

    @JsonProperty
    @Valid
    @NotNull
    private ClusterFactory cluster = new ClusterFactory();

    @JsonProperty
    @Valid
    @NotNull
    private SourcesFactory sources = new SourcesFactory();

    public Path getDataDir() {
        return Path.of(dataDir).toAbsolutePath().normalize();
    }

    public boolean isAdminAllowRemote() {
        return adminAllowRemote;
    }

    public String getAdvertisedAddress() {
        return advertisedAddress;
    }

    public DatabaseFactory getDatabase() {
        return database;
    }

    public AgentGatewayFactory getGateway() {
        return gateway;
    }

    public OrchestratorFactory getOrchestrator() {
        return orchestrator;
    }

    public ApiSettings getApi() {
        return api;
    }

    public BundleStoreFactory getBundles() {
        return bundles;
    }

    public SecretsFactory getSecrets() {
        return secrets;
    }

    public PkiFactory getPki() {
        return pki;
    }

    public ClusterFactory getCluster() {
        return cluster;
    }

    public SourcesFactory getSources() {
        return sources;
    }

    public ConsoleFactory getConsole() {
        return console;
    }

    public InstallFactory getInstall() {
        return install;
    }

    /** Limits of the REST API ({@code api:}). */
    public static class ApiSettings {
        @JsonProperty
        @Min(1024)
        @Max(64L * 1024 * 1024)
        private long maxRequestBytes = 1024 * 1024;

        public long getMaxRequestBytes() {
            return maxRequestBytes;
        }
    }
}
