package dev.hoist.controller.resources;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import dev.hoist.api.DeploymentView;
import io.dropwizard.jackson.Jackson;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The records of {@code dev.hoist.api} are the public REST contract: the JSON names the controller's
 * mapper writes and reads for each of them are exactly the properties its schema in openapi.json (which
 * docs/api.md describes) declares. Renaming a record component, or adding one, fails here rather than
 * at a user's script.
 */
class ApiContractTest {
    /** Records whose schema in openapi.json has another name than the record. */
    private static final Map<String, String> SCHEMA_NAMES = Map.ofEntries(
            Map.entry("ApiError", "Error"),
            Map.entry("AutoRollbackBody", "AutoRollback"),
            Map.entry("HealthCheckBody", "HealthCheck"),
            Map.entry("MinimumHealthyHostsBody", "MinimumHealthyHosts"));

    private final ObjectMapper controllerJson = Jackson.newObjectMapper();

    @Test
    void everyApiRecordHasExactlyTheJsonPropertiesOfItsOpenApiSchema() throws IOException {
        JsonNode schemas = openApi().path("components").path("schemas");
        List<Class<?>> records = new ArrayList<>();
        for (JavaClass type : new ClassFileImporter().importPackages("dev.hoist.api")) {
            if (type.reflect().isRecord() && type.reflect().getEnclosingClass() == null) {
                records.add(type.reflect());
            }
        }
        assertThat(records).as("the api module's records").hasSizeGreaterThan(20);

        for (Class<?> record : records) {
            JsonNode schema = schemas.path(schemaName(record));
            assertThat(schema.isObject()).as("openapi.json has a schema %s for %s", schemaName(record),
                    record.getSimpleName()).isTrue();
            assertThat(written(record)).as("JSON names %s writes", record.getSimpleName())
                    .isEqualTo(declared(schema));
            assertThat(read(record)).as("JSON names %s reads", record.getSimpleName()).isEqualTo(declared(schema));
        }
    }

    @Test
    void theDeploymentSummaryHasTheJsonPropertiesOfItsInlineSchema() throws IOException {
        JsonNode summary = openApi().path("components").path("schemas").path("Deployment").path("properties")
                .path("summary");

        assertThat(written(DeploymentView.Summary.class)).isEqualTo(declared(summary)).isNotEmpty();
    }

    private static String schemaName(Class<?> record) {
        String name = record.getSimpleName();
        return SCHEMA_NAMES.getOrDefault(name, name.endsWith("View") ? name.substring(0, name.length() - 4) : name);
    }

    private Set<String> written(Class<?> type) {
        BeanDescription description = controllerJson.getSerializationConfig()
                .introspect(controllerJson.constructType(type));
        return names(description.findProperties());
    }

    private Set<String> read(Class<?> type) {
        BeanDescription description = controllerJson.getDeserializationConfig()
                .introspect(controllerJson.constructType(type));
        return names(description.findProperties());
    }

    private static Set<String> names(List<BeanPropertyDefinition> properties) {
        Set<String> names = new TreeSet<>();
        properties.forEach(property -> names.add(property.getName()));
        return names;
    }

    private static Set<String> declared(JsonNode schema) {
        Set<String> names = new TreeSet<>();
        schema.path("properties").fieldNames().forEachRemaining(names::add);
        return names;
    }

    private JsonNode openApi() throws IOException {
        try (InputStream in = ApiContractTest.class.getResourceAsStream("/api/openapi.json")) {
            assertThat(in).as("openapi.json on the class path").isNotNull();
            return controllerJson.readTree(in);
        }
    }
}
