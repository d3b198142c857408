package dev.hoist.controller.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** How /git/ reads credentials and paths. */
class GitHttpAccessTest {

    @Test
    void theTokenIsTheBasicPasswordWhateverTheUserNameOrABearerToken() {
        assertThat(GitHttpAccess.token(basic("anyone:hoist_api_abc"))).contains("hoist_api_abc");
        assertThat(GitHttpAccess.token(basic(":hoist_api_abc"))).contains("hoist_api_abc");
        assertThat(GitHttpAccess.token(basic("hoist_api_abc"))).contains("hoist_api_abc");
        assertThat(GitHttpAccess.token(basic("a:b:c"))).contains("b:c");
        assertThat(GitHttpAccess.token("Bearer hoist_api_abc")).contains("hoist_api_abc");
        assertThat(GitHttpAccess.token(basic("user:"))).isEmpty();
        assertThat(GitHttpAccess.token("Basic !!!")).isEmpty();
        assertThat(GitHttpAccess.token("Digest x")).isEmpty();
        assertThat(GitHttpAccess.token(null)).isEmpty();
    }

    @Test
    void theRepositoryIsTheFirstPathSegmentWithoutGit() {
        assertThat(GitHttpAccess.repositoryName("/web.git/info/refs")).isEqualTo("web");
        assertThat(GitHttpAccess.repositoryName("/web/git-upload-pack")).isEqualTo("web");
        assertThat(GitHttpAccess.repositoryName("/web.git")).isEqualTo("web");
        assertThat(GitHttpAccess.repositoryName("/")).isNull();
        assertThat(GitHttpAccess.repositoryName(null)).isNull();
    }

    private static String basic(String credentials) {
        return "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
    }
}
