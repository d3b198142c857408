package dev.hoist.protocol.appspec;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BundleAppSpecCheckTest {
    private static final String SPEC = "version: 0.0\nos: linux\nhooks:\n  ApplicationStart:\n"
            + "    - location: scripts/start.sh\n";

    private final BundleAppSpecCheck check = new BundleAppSpecCheck();

    @Test
    void acceptsABundleWhoseScriptsArePresent() {
        var result = check.check(Set.of("appspec.yml", "scripts/", "scripts/start.sh"),
                Map.of("appspec.yml", bytes(SPEC)));

        assertThat(result.ok()).as("%s", result.errors()).isTrue();
        assertThat(result.appSpecFile()).isEqualTo("appspec.yml");
        assertThat(result.spec().os()).isEqualTo("linux");
    }

    @Test
    void findsTheAppSpecInTheOnlyTopLevelDirectory() {
        var result = check.check(Set.of("app/", "app/appspec.yaml", "app/scripts/start.sh"),
                Map.of("app/appspec.yaml", bytes(SPEC)));

        assertThat(result.ok()).as("%s", result.errors()).isTrue();
        assertThat(result.appSpecFile()).isEqualTo("app/appspec.yaml");
    }

    @Test
    void missingScriptIsAnErrorWithFileLineAndKey() {
        var result = check.check(Set.of("appspec.yml", "scripts/begin.sh"), Map.of("appspec.yml", bytes(SPEC)));

        assertThat(result.ok()).isFalse();
        assertThat(result.errors()).singleElement().asString()
                .startsWith("appspec.yml:5:")
                .contains("hooks.ApplicationStart[0].location: script 'scripts/start.sh' is not in the bundle");
    }

    @Test
    void noAppSpecSaysWhatWasFound() {
        var result = check.check(Set.of("readme.txt", "src/", "src/a"), Map.of());

        assertThat(result.errors()).singleElement().asString()
                .contains("has no appspec.yml or appspec.yaml at its root (found: readme.txt, src/)");
    }

    @Test
    void windowsAndEveryParserErrorAreReported() {
        var windows = check.check(Set.of("appspec.yml"), Map.of("appspec.yml", bytes("version: 0.0\nos: windows\n")));
        var broken = check.check(Set.of("appspec.yml"), Map.of("appspec.yml", bytes("version: 1.0\nos: plan9\n")));
        var binary = check.check(Set.of("appspec.yml"), Map.of("appspec.yml", new byte[] {(byte) 0xff, (byte) 0xfe}));

        assertThat(windows.errors()).singleElement().asString().contains("os: windows is not supported");
        assertThat(broken.errors()).hasSizeGreaterThanOrEqualTo(2);
        assertThat(binary.errors()).singleElement().asString().contains("not valid UTF-8");
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
