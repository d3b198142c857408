package dev.hoist.agent.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hoist.protocol.signing.RevisionSignatures;
import dev.hoist.protocol.signing.SigningKeys;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The host's trusted keys, with keys OpenSSL made: what runs, what is refused, and failing closed. */
class TrustedKeysTest {
    private static final String SHA = "ab".repeat(32);

    @TempDir
    Path temp;

    @Test
    void aHostThatTrustsNoKeyRunsAnything() {
        TrustedKeys keys = TrustedKeys.of(temp.resolve("state"));

        assertThat(keys.check("shop", "rev-1", SHA, "").outcome()).isEqualTo(TrustedKeys.Outcome.NOT_REQUIRED);
    }

    @Test
    void aTrustedKeysSignatureRunsAndNothingElseDoes() throws Exception {
        Path release = openssl("release");
        Path other = openssl("other");
        TrustedKeys keys = TrustedKeys.of(temp.resolve("state"));
        String keyId = keys.add(release.resolveSibling("release.pub.pem"));

        String good = RevisionSignatures.sign(SigningKeys.readPrivate(release), "shop", SHA);
        String byOther = RevisionSignatures.sign(SigningKeys.readPrivate(other), "shop", SHA);

        assertThat(keyId).matches("ed25519:[0-9a-f]{32}");
        assertThat(temp.resolve("state/trusted-keys/" + keyId.substring(8) + ".pem")).isRegularFile();
        TrustedKeys.Check verified = keys.check("shop", "rev-1", SHA, good);
        assertThat(verified.outcome()).isEqualTo(TrustedKeys.Outcome.VERIFIED);
        assertThat(verified.message()).contains(keyId);
        TrustedKeys.Check unsigned = keys.check("shop", "rev-1", SHA, "");
        assertThat(unsigned.outcome()).isEqualTo(TrustedKeys.Outcome.REFUSED);
        assertThat(unsigned.message()).contains("is not signed").contains("hoist revision sign rev-1");
        assertThat(keys.check("shop", "rev-1", SHA, byOther).outcome()).isEqualTo(TrustedKeys.Outcome.REFUSED);
        assertThat(keys.check("shop", "rev-1", "cd".repeat(32), good).outcome())
                .as("another bundle").isEqualTo(TrustedKeys.Outcome.REFUSED);
        assertThat(keys.check("admin", "rev-1", SHA, good).outcome())
                .as("another application").isEqualTo(TrustedKeys.Outcome.REFUSED);
    }

    @Test
    void aFileInTheDirectoryThatIsNotAPublicKeyRefusesEverything() throws Exception {
        Path release = openssl("release");
        TrustedKeys keys = TrustedKeys.of(temp.resolve("state"));
        keys.add(release.resolveSibling("release.pub.pem"));
        String good = RevisionSignatures.sign(SigningKeys.readPrivate(release), "shop", SHA);
        Files.copy(release, temp.resolve("state/trusted-keys/oops.pem"));

        TrustedKeys.Check check = keys.check("shop", "rev-1", SHA, good);

        assertThat(check.outcome()).isEqualTo(TrustedKeys.Outcome.REFUSED);
        assertThat(check.message()).contains("oops.pem").contains("fix or remove");
        assertThatThrownBy(() -> keys.add(release)).isInstanceOf(SigningKeys.KeyException.class)
                .hasMessageContaining("PRIVATE KEY");
    }

    private Path openssl(String name) throws IOException, InterruptedException {
        Path key = temp.resolve(name + ".pem");
        run("openssl", "genpkey", "-algorithm", "ed25519", "-out", key.toString());
        run("openssl", "pkey", "-in", key.toString(), "-pubout", "-out", temp.resolve(name + ".pub.pem").toString());
        return key;
    }

    private static void run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(String.join(" ", command) + ": " + output).isZero();
    }
}
