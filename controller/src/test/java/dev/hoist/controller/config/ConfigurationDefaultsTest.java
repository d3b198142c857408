package dev.hoist.controller.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hoist.controller.HoistConfiguration;
import io.dropwizard.configuration.ConfigurationException;
import io.dropwizard.configuration.EnvironmentVariableSubstitutor;
import io.dropwizard.configuration.SubstitutingSourceProvider;
import io.dropwizard.configuration.YamlConfigurationFactory;
import io.dropwizard.core.server.DefaultServerFactory;
import io.dropwizard.jackson.Jackson;
import io.dropwizard.jetty.HttpConnectorFactory;
import io.dropwizard.jersey.validation.Validators;
import java.io.FileNotFoundException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The configuration exactly as {@code hoist-controller server [file]} reads it. */
class ConfigurationDefaultsTest {
    @TempDir
    Path temp;

    @Test
    void withoutAFileTheProductDefaultsApply() throws Exception {
        HoistConfiguration config = load(DefaultsConfigurationSourceProvider.NO_FILE);

        DefaultServerFactory server = (DefaultServerFactory) config.getServerFactory();
        assertConnector(server.getApplicationConnectors().get(0), "127.0.0.1", 8080);
        assertConnector(server.getAdminConnectors().get(0), "127.0.0.1", 8081);
        assertThat(config.getGateway().getBindHost()).isEqualTo("0.0.0.0");
        assertThat(config.getGateway().getPort()).isEqualTo(8443);
        String expectedDataDir = System.getenv().getOrDefault("HOIST_DATA_DIR", "./hoist-data");
        assertThat(config.getDataDir()).isEqualTo(Path.of(expectedDataDir).toAbsolutePath().normalize());
        assertThat(config.getDatabase().resolvedUrl(config.getDataDir()))
                .isEqualTo("jdbc:sqlite:" + config.getDataDir().resolve("hoist.db"));
        assertThat(config.getApi().getMaxRequestBytes()).isEqualTo(1024 * 1024);
    }

    @Test
    void aFileOverridesOnlyWhatItSays() throws Exception {
        Path file = temp.resolve("hoist.yml");
        Files.writeString(file, String.join("\n",
                "dataDir: /srv/hoist",
                "server:",
                "  adminConnectors: [{type: http, bindHost: 127.0.0.1, port: 0}]",
                "database:",
                "  url: jdbc:postgresql://db.internal:5432/hoist",
                "  user: hoist",
                ""));

        HoistConfiguration config = load(file.toString());

        DefaultServerFactory server = (DefaultServerFactory) config.getServerFactory();
        assertConnector(server.getApplicationConnectors().get(0), "127.0.0.1", 8080);
        assertConnector(server.getAdminConnectors().get(0), "127.0.0.1", 0);
        assertThat(config.getDataDir()).isEqualTo(Path.of("/srv/hoist"));
        assertThat(config.getDatabase().resolvedUrl(config.getDataDir()))
                .isEqualTo("jdbc:postgresql://db.internal:5432/hoist");
        assertThat(config.getGateway().getPort()).isEqualTo(8443);
    }

    @Test
    void aMissingFileIsNamedInTheError() {
        assertThatThrownBy(() -> load(temp.resolve("nope.yml").toString()))
                .isInstanceOf(FileNotFoundException.class)
                .hasMessageContaining("nope.yml");
    }

    @Test
    void anUnknownKeyIsRefusedByName() throws Exception {
        Path file = temp.resolve("typo.yml");
        Files.writeString(file, "databse:\n  url: jdbc:sqlite:x.db\n");

        assertThatThrownBy(() -> load(file.toString()))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("databse");
    }

    private static HoistConfiguration load(String path) throws Exception {
        return new YamlConfigurationFactory<>(HoistConfiguration.class, Validators.newValidator(),
                StrictJson.apply(Jackson.newObjectMapper()), "dw")
                .build(new SubstitutingSourceProvider(new DefaultsConfigurationSourceProvider(),
                        new EnvironmentVariableSubstitutor(false)), path);
    }

    private static void assertConnector(Object connector, String host, int port) {
        HttpConnectorFactory http = (HttpConnectorFactory) connector;
        assertThat(http.getBindHost()).isEqualTo(host);
        assertThat(http.getPort()).isEqualTo(port);
    }
}
