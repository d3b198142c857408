package dev.hoist.cli.output;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class YamlTextTest {
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void objectsListsAndScalarsKeepTheApiFieldNames() throws Exception {
        String yaml = YamlText.of(json.readTree("""
                [{"id": "agt-1", "tags": {"role": "web"}, "cpu": 2, "ok": true, "gone": null,
                  "hosts": [{"agentId": "a", "events": []}], "note": "two\\nlines: \\"quoted\\""}]
                """));

        assertThat(yaml).isEqualTo("""
                - id: "agt-1"
                  tags:
                    role: "web"
                  cpu: 2
                  ok: true
                  gone: null
                  hosts:
                    - agentId: "a"
                      events: []
                  note: "two\\nlines: \\"quoted\\""
                """);
    }

    @Test
    void emptyAnswersAreEmptyYaml() throws Exception {
        assertThat(YamlText.of(json.readTree("[]"))).isEqualTo("[]\n");
        assertThat(YamlText.of(json.readTree("{}"))).isEqualTo("{}\n");
    }
}
