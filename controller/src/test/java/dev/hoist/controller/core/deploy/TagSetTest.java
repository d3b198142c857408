package dev.hoist.controller.core.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TagSetTest {
    private static final Map<String, String> WEB_PROD = Map.of("role", "web", "env", "prod");

    @ParameterizedTest
    @CsvSource({"role,true", "role=web,true", "role=db,false", "=prod,true", "=staging,false", "zone,false"})
    void aFilterMatchesByKeyByKeyAndValueOrByValue(String filter, boolean matches) {
        assertThat(TagFilter.parse(filter).matches(WEB_PROD)).isEqualTo(matches);
    }

    @Test
    void aHostMustMatchOneFilterOfEveryGroup() {
        TagSet set = new TagSet(List.of(
                List.of(TagFilter.parse("role=web"), TagFilter.parse("role=api")),
                List.of(TagFilter.parse("env=prod"))));

        assertThat(set.matches(WEB_PROD)).isTrue();
        assertThat(set.matches(Map.of("role", "api", "env", "prod"))).isTrue();
        assertThat(set.matches(Map.of("role", "web", "env", "staging"))).isFalse();
        assertThat(set.matches(Map.of("env", "prod"))).isFalse();
    }

    @Test
    void badFiltersAndSetsAreRefusedWithWhatToWrite() {
        assertThatThrownBy(() -> TagFilter.parse("role=")).hasMessageContaining("role=VALUE");
        assertThatThrownBy(() -> TagFilter.parse("=")).hasMessageContaining("KEY, KEY=VALUE or =VALUE");
        List<TagFilter> one = List.of(TagFilter.parse("a"));
        assertThatThrownBy(() -> new TagSet(List.of(one, one, one, one))).hasMessageContaining("1 to 3 groups");
        assertThatThrownBy(() -> new TagSet(List.of(List.of()))).hasMessageContaining("at least one filter");
    }

    @Test
    void filtersPrintAsTheyAreWritten() {
        assertThat(List.of(TagFilter.parse("role"), TagFilter.parse("role=web"), TagFilter.parse("=prod")))
                .extracting(TagFilter::toString).containsExactly("role", "role=web", "=prod");
    }
}
