package dev.hoist.controller.resources;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hoist.controller.AgainstRunningController;
import dev.hoist.controller.RunningController.Response;
import org.junit.jupiter.api.Test;

/**
 * Request bodies are read strictly (a finding of the hostile probe): a duplicate key, a number where a
 * string belongs, a fraction where a whole number belongs and a string where a boolean belongs are each
 * a 400 that names what is wrong, never a 500 and never a silent conversion.
 */
class StrictInputTest extends AgainstRunningController {
    @Test
    void aDuplicateKeyIsMalformed() {
        Response answer = controller.call("POST", "/api/v1/applications", admin, "{\"name\": \"a\", \"name\": \"b\"}");

        assertThat(answer.status()).as(answer.body()).isEqualTo(400);
        assertThat(answer.code()).isEqualTo("MALFORMED_JSON");
        assertThat(answer.json().path("message").asText()).contains("name");
        assertThat(controller.call("GET", "/api/v1/applications/a", admin, null).status()).isEqualTo(404);
    }

    @Test
    void aNumberIsNotAName() {
        Response answer = controller.call("POST", "/api/v1/applications", admin, "{\"name\": 123}");

        assertThat(answer.status()).as(answer.body()).isEqualTo(400);
        assertThat(answer.code()).isEqualTo("INVALID_FIELD");
        assertThat(answer.json().path("details").path("field").asText()).isEqualTo("name");
        assertThat(controller.call("GET", "/api/v1/applications/123", admin, null).status()).isEqualTo(404);
    }

    @Test
    void aFractionIsNotAWholeNumberAndTextIsNotABoolean() {
        Response uses = controller.call("POST", "/api/v1/join-tokens", admin, "{\"uses\": 1.5}");
        Response deploy = controller.call("POST", "/api/v1/deployments", admin,
                "{\"application\": \"x\", \"group\": \"y\", \"autoRollback\": \"yes\"}");

        assertThat(uses.status()).as(uses.body()).isEqualTo(400);
        assertThat(uses.json().path("details").path("field").asText()).isEqualTo("uses");
        assertThat(deploy.status()).as(deploy.body()).isEqualTo(400);
        assertThat(deploy.json().path("details").path("field").asText()).isEqualTo("autoRollback");
    }
}
