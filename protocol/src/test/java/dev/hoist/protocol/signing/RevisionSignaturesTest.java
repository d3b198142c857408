package dev.hoist.protocol.signing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Signatures with keys that OpenSSL made, as a release manager makes them; checked by OpenSSL too. */
class RevisionSignaturesTest {
    private static final String SHA = "3f".repeat(32);
    private static final String OTHER_SHA = "40".repeat(32);

    @TempDir
    Path temp;

    @Test
    void aSignatureVerifiesOnlyForItsKeyApplicationAndDigest() throws Exception {
        Path release = openssl("release");
        Path other = openssl("other");
        Ed25519PrivateKeyParameters key = SigningKeys.readPrivate(release);
        Ed25519PublicKeyParameters trusted = SigningKeys.readPublic(release.resolveSibling("release.pub.pem"));

        String signature = RevisionSignatures.sign(key, "shop", SHA);

        assertThat(RevisionSignatures.verify(trusted, "shop", SHA, signature)).isTrue();
        assertThat(RevisionSignatures.verify(trusted, "shop", SHA.toUpperCase(), signature)).as("hex case").isTrue();
        assertThat(RevisionSignatures.verify(trusted, "shop", OTHER_SHA, signature)).as("another bundle").isFalse();
        assertThat(RevisionSignatures.verify(trusted, "shop-admin", SHA, signature)).as("another app").isFalse();
        assertThat(RevisionSignatures.verify(SigningKeys.readPublic(other.resolveSibling("other.pub.pem")), "shop",
                SHA, signature)).as("another key").isFalse();
        assertThat(RevisionSignatures.verify(trusted, "shop", SHA, "")).isFalse();
        assertThat(RevisionSignatures.verify(trusted, "shop", SHA, "not base64!")).isFalse();
        assertThat(RevisionSignatures.verify(trusted, "shop", SHA, Base64.getEncoder().encodeToString(new byte[10])))
                .isFalse();
        assertThat(SigningKeys.keyId(trusted)).isEqualTo(SigningKeys.keyId(key.generatePublicKey()))
                .matches("ed25519:[0-9a-f]{32}");
        assertThat(SigningKeys.publicFromBase64(SigningKeys.publicToBase64(trusted)).getEncoded())
                .isEqualTo(trusted.getEncoded());
    }

    @Test
    void openSslVerifiesWhatHoistSigned() throws Exception {
        Path release = openssl("release");
        String signature = RevisionSignatures.sign(SigningKeys.readPrivate(release), "shop", SHA);
        Path message = Files.write(temp.resolve("message"), RevisionSignatures.message("shop", SHA));
        Path sig = Files.write(temp.resolve("sig"), Base64.getDecoder().decode(signature));

        String answer = run("openssl", "pkeyutl", "-verify", "-pubin", "-inkey",
                release.resolveSibling("release.pub.pem").toString(), "-rawin", "-in", message.toString(),
                "-sigfile", sig.toString());

        assertThat(answer).contains("Signature Verified Successfully");
    }

    @Test
    void keysOfTheWrongKindAreRefusedWithWhatToDo() throws Exception {
        Path release = openssl("release");
        Path rsa = temp.resolve("rsa.pem");
        run("openssl", "genpkey", "-algorithm", "rsa", "-pkeyopt", "rsa_keygen_bits:1024", "-out", rsa.toString());

        assertThatThrownBy(() -> SigningKeys.readPublic(release)).hasMessageContaining("holds a 'PRIVATE KEY'")
                .hasMessageContaining("openssl pkey");
        assertThatThrownBy(() -> SigningKeys.readPrivate(release.resolveSibling("release.pub.pem")))
                .hasMessageContaining("holds a 'PUBLIC KEY'");
        assertThatThrownBy(() -> SigningKeys.readPrivate(rsa)).hasMessageContaining("not an Ed25519 key")
                .hasMessageContaining("genpkey -algorithm ed25519");
        Path garbage = Files.writeString(temp.resolve("garbage.pem"), "hello\n");
        assertThatThrownBy(() -> SigningKeys.readPublic(garbage)).hasMessageContaining("no PEM block");
        assertThatThrownBy(() -> SigningKeys.readPublic(temp.resolve("missing.pem")))
                .hasMessageContaining("cannot read");
    }

    private Path openssl(String name) throws Exception {
        Path key = temp.resolve(name + ".pem");
        if (!Files.exists(key)) {
            run("openssl", "genpkey", "-algorithm", "ed25519", "-out", key.toString());
            run("openssl", "pkey", "-in", key.toString(), "-pubout", "-out",
                    temp.resolve(name + ".pub.pem").toString());
        }
        return key;
    }

    private static String run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(List.of(command)).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(String.join(" ", command) + ": " + output).isZero();
        return output;
    }
}
