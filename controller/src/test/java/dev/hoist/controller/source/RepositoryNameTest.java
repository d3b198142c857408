package dev.hoist.controller.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hoist.controller.core.Refusal;
import org.junit.jupiter.api.Test;

/** Repository names are directory names under the data directory: nothing but the plain ones get through. */
class RepositoryNameTest {

    @Test
    void plainNamesAreAccepted() {
        for (String name : new String[] {"web", "web-shop", "a", "0day", "lib.core", "my_repo", "x".repeat(63)}) {
            assertThat(RepositoryName.isValid(name)).as(name).isTrue();
        }
    }

    @Test
    void everythingElseIsRefusedSayingWhy() {
        for (String name : new String[] {"", " ", "Web", "-web", ".hidden", "_x", "web.git", "a..b", "../etc", "a/b",
                "a b", "x".repeat(64), "web.lock", "wéb", "web\n"}) {
            assertThat(RepositoryName.isValid(name)).as(name).isFalse();
        }
        assertThat(RepositoryName.isValid(null)).isFalse();
        assertThatThrownBy(() -> RepositoryName.require("web.git")).isInstanceOfSatisfying(Refusal.class, refusal -> {
            assertThat(refusal.code()).isEqualTo("INVALID_REPOSITORY_NAME");
            assertThat(refusal.getMessage()).contains("name it without (web)");
        });
    }
}
