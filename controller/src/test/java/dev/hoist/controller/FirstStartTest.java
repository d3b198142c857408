package dev.hoist.controller;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FirstStartTest {
    @TempDir
    Path temp;

    @Test
    void firstStartCreatesThePrivateAdminTokenAndARestartReusesIt() throws Exception {
        Path dataDir = temp.resolve("data");
        String token;
        try (RunningController first = RunningController.start(dataDir)) {
            Path tokenFile = dataDir.resolve("admin.token");
            token = Files.readString(tokenFile).trim();

            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tokenFile))).isEqualTo("rw-------");
            assertThat(token).startsWith("hoist_api_").hasSizeGreaterThan(30);
            assertThat(first.consoleOutput()).contains(token);
            assertThat(first.call("GET", "/api/v1/agents", token, null).status()).isEqualTo(200);
        }

        try (RunningController second = RunningController.start(dataDir)) {
            assertThat(second.consoleOutput()).doesNotContain("hoist_api_").doesNotContain("admin API token");
            assertThat(Files.readString(dataDir.resolve("admin.token")).trim()).isEqualTo(token);
            assertThat(second.call("GET", "/api/v1/agents", token, null).status()).isEqualTo(200);
            assertThat(second.parts().apiTokens().list()).hasSize(1);
        }
    }
}
