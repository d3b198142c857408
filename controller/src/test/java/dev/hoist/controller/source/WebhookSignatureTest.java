package dev.hoist.controller.source;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hoist.controller.source.WebhookSignature.Verdict;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** GitHub's X-Hub-Signature-256: the HMAC-SHA256 of the exact body with the shared secret, as sha256=hex. */
class WebhookSignatureTest {
    private static final byte[] BODY = "Hello, World!".getBytes(StandardCharsets.UTF_8);

    @Test
    void matchesGitHubsDocumentedExample() {
        // From GitHub's "Validating webhook deliveries": secret "It's a Secret to Everybody", body "Hello, World!".
        String expected = "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";
        assertThat(WebhookSignature.sign("It's a Secret to Everybody", BODY)).isEqualTo(expected);
        assertThat(WebhookSignature.verify("It's a Secret to Everybody", BODY, expected)).isEqualTo(Verdict.VALID);
        assertThat(WebhookSignature.verify("It's a Secret to Everybody", BODY, expected.toUpperCase(Locale.ROOT)))
                .isEqualTo(Verdict.VALID);
    }

    @Test
    void anotherSecretOrAnotherBodyIsAMismatch() {
        String signature = WebhookSignature.sign("secret-one", BODY);
        assertThat(WebhookSignature.verify("secret-two", BODY, signature)).isEqualTo(Verdict.MISMATCH);
        assertThat(WebhookSignature.verify("secret-one", "Hello, World?".getBytes(StandardCharsets.UTF_8), signature))
                .isEqualTo(Verdict.MISMATCH);
    }

    @Test
    void aMissingOrMisshapenHeaderIsMalformed() {
        String hex = WebhookSignature.sign("s", BODY).substring("sha256=".length());
        assertThat(WebhookSignature.verify("s", BODY, null)).isEqualTo(Verdict.MALFORMED);
        assertThat(WebhookSignature.verify("s", BODY, "")).isEqualTo(Verdict.MALFORMED);
        assertThat(WebhookSignature.verify("s", BODY, hex)).isEqualTo(Verdict.MALFORMED);
        assertThat(WebhookSignature.verify("s", BODY, "sha1=" + hex)).isEqualTo(Verdict.MALFORMED);
        assertThat(WebhookSignature.verify("s", BODY, "sha256=" + hex.substring(2))).isEqualTo(Verdict.MALFORMED);
        assertThat(WebhookSignature.verify("s", BODY, "sha256=" + "z".repeat(64))).isEqualTo(Verdict.MALFORMED);
    }
}
