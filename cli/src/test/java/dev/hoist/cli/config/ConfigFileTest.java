package dev.hoist.cli.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hoist.cli.ExitCodes;
import dev.hoist.cli.client.CliFailure;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigFileTest {
    @TempDir
    Path dir;

    @Test
    void liveUnderXdgConfigHomeElseHomeDotConfig() {
        assertThat(ConfigFile.of(Map.of("XDG_CONFIG_HOME", "/x", "HOME", "/h")).path())
                .isEqualTo(Path.of("/x/hoist/config.yml"));
        assertThat(ConfigFile.of(Map.of("HOME", "/h")).path()).isEqualTo(Path.of("/h/.config/hoist/config.yml"));
    }

    @Test
    void isWrittenMode0600InADirectoryOfMode0700AndReadsBackTheSame() throws Exception {
        ConfigFile file = new ConfigFile(dir.resolve("cfg/hoist/config.yml"));
        SavedContext odd = new SavedContext("we\"ird\\name", "https://h:8443", "hoist_api_x\t",
                "-----BEGIN CERTIFICATE-----\nAAA=\n-----END CERTIFICATE-----\n");
        SavedContext plain = new SavedContext("local", "http://127.0.0.1:8080", "hoist_api_y", null);
        CliConfig config = CliConfig.EMPTY.withCurrent(odd).withCurrent(plain);

        file.save(config);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.path()))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.path().getParent())))
                .isEqualTo("rwx------");
        assertThat(file.load()).isEqualTo(config);
        assertThat(file.load().currentContext()).isEqualTo(plain);
        assertThat(Files.list(file.path().getParent())).containsExactly(file.path());
    }

    @Test
    void aLooseDirectoryIsTightenedWhenSaving() throws Exception {
        Path hoistDir = Files.createDirectories(dir.resolve("hoist"));
        Files.setPosixFilePermissions(hoistDir, PosixFilePermissions.fromString("rwxr-xr-x"));

        new ConfigFile(hoistDir.resolve("config.yml")).save(CliConfig.EMPTY);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(hoistDir))).isEqualTo("rwx------");
    }

    @Test
    void removingTheCurrentContextLeavesNoneCurrent() {
        SavedContext a = new SavedContext("a", "http://a:1", "t", null);
        SavedContext b = new SavedContext("b", "http://b:1", "t", null);
        CliConfig config = CliConfig.EMPTY.withCurrent(a).withCurrent(b);

        assertThat(config.without("b").current()).isNull();
        assertThat(config.without("a").current()).isEqualTo("b");
        assertThat(config.without("a").contexts()).containsExactly(b);
    }

    @Test
    void aFileItCannotReadIsAUsageErrorNamingTheLine() throws Exception {
        Path path = dir.resolve("config.yml");
        Files.writeString(path, "current-context: \"a\"\ncontexts:\n  - name: a\n");

        assertThatThrownBy(() -> new ConfigFile(path).load()).isInstanceOf(CliFailure.class)
                .hasMessageContaining("line 3").hasMessageContaining("double-quoted")
                .satisfies(e -> assertThat(((CliFailure) e).exitCode()).isEqualTo(ExitCodes.USAGE));
    }
}
