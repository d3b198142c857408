package dev.hoist.agent.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.hoist.protocol.deploy.FailureClass;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code runas}: needs root and {@code useradd} to create a real user; skipped with the reason otherwise. */
class RunAsTest {

    @TempDir
    Path temp;

    private final HookRunner runner = new HookRunner(new HookRunnerSettings(Duration.ofSeconds(1), 4096, 5),
            Clock.systemUTC());
    private String user;

    @BeforeEach
    void createUser() throws Exception {
        assumeTrue(new UserDirectory().currentUid() == 0, "runas tests need the tests to run as root");
        assumeTrue(Files.isExecutable(Path.of("/usr/sbin/useradd")), "runas tests need useradd to create a user");
        user = "hoist" + UUID.randomUUID().toString().substring(0, 8);
        assertThat(exec("/usr/sbin/useradd", "--create-home", "--shell", "/bin/bash", user)).isZero();
    }

    @AfterEach
    void deleteUser() throws Exception {
        if (user != null) {
            exec("/usr/sbin/userdel", "--remove", user);
        }
    }

    @Test
    void runsAsTheUserWithItsLoginEnvironmentAndTheHoistVariables() throws IOException {
        Path revision = Files.createDirectories(temp.resolve("rev"));
        Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path out = Files.createDirectories(temp.resolve("out"));
        Files.setPosixFilePermissions(out, PosixFilePermissions.fromString("rwxrwxrwx"));
        Files.writeString(revision.resolve("who.sh"), "echo \"$(id -un)|$HOME|$USER|$LIFECYCLE_EVENT|$(pwd)\" > "
                + out.resolve("who") + "\n");

        ScriptResult result = runner.run(new ScriptInvocation("ApplicationStart", revision, "who.sh",
                Duration.ofMinutes(1), user, Map.of("LIFECYCLE_EVENT", "ApplicationStart")), line -> { },
                new Cancellation());

        assertThat(result.succeeded()).as(result.message()).isTrue();
        assertThat(Files.readString(out.resolve("who")).strip())
                .isEqualTo(user + "|/home/" + user + "|" + user + "|ApplicationStart|" + revision);
    }

    /** The secret reaches the user's script through the environment, never on the command line ps shows. */
    @Test
    void aSecretReachesTheUsersScriptButNotItsCommandLine() throws IOException {
        Path revision = Files.createDirectories(temp.resolve("rev"));
        Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path out = Files.createDirectories(temp.resolve("out"));
        Files.setPosixFilePermissions(out, PosixFilePermissions.fromString("rwxrwxrwx"));
        String secret = "runas-secret-" + UUID.randomUUID();
        Files.writeString(revision.resolve("who.sh"), "printf '%s' \"$API_TOKEN\" > " + out.resolve("token") + "\n"
                + "tr '\\0' ' ' < /proc/$PPID/cmdline > " + out.resolve("parent") + "\n"
                + "tr '\\0' ' ' < /proc/$$/cmdline > " + out.resolve("self") + "\n");

        ScriptResult result = runner.run(new ScriptInvocation("ApplicationStart", revision, "who.sh",
                Duration.ofMinutes(1), user, Map.of("LIFECYCLE_EVENT", "ApplicationStart"),
                Map.of("API_TOKEN", secret)), line -> { }, new Cancellation());

        assertThat(result.succeeded()).as(result.message()).isTrue();
        assertThat(Files.readString(out.resolve("token"))).isEqualTo(secret);
        assertThat(Files.readString(out.resolve("self"))).contains("who.sh").doesNotContain(secret);
        assertThat(Files.readString(out.resolve("parent"))).doesNotContain(secret);
    }

    @Test
    void unknownUserIsRefusedByName() throws IOException {
        Files.writeString(temp.resolve("x.sh"), "true\n");

        ScriptResult result = runner.run(new ScriptInvocation("ApplicationStart", temp, "x.sh",
                Duration.ofMinutes(1), "no-such-user-hoist", Map.of()), line -> { }, new Cancellation());

        assertThat(result.failure()).isEqualTo(FailureClass.SCRIPT_NOT_EXECUTABLE);
        assertThat(result.message()).contains("'no-such-user-hoist'").contains("does not exist");
    }

    private static int exec(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getInputStream().readAllBytes();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return process.exitValue();
    }
}
