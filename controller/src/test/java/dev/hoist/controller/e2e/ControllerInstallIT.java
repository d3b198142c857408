package dev.hoist.controller.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code scripts/install-controller} into a throwaway root that holds a copy of this machine's user
 * database: the {@code hoist} user, the jars and the agent distribution, the commented configuration
 * (which the installed controller accepts), the data directory's owner and mode, and the unit checked
 * by {@code systemd-analyze verify}; a second run that keeps the operator's configuration; uninstall.
 */
class ControllerInstallIT {
    @TempDir
    Path root;

    @Test
    void installsIntoARootAndUninstalls() throws Exception {
        Path script = HoistProcesses.projectRoot().resolve("scripts/install-controller");
        Files.createDirectories(root.resolve("etc"));
        for (String file : List.of("passwd", "group", "shadow", "gshadow")) {
            Files.copy(Path.of("/etc", file), root.resolve("etc").resolve(file));
        }

        Result first = run(script.toString(), "--root", root.toString());
        assertThat(first.exitCode()).as(first.output()).isZero();
        assertThat(first.output()).contains("created the system user hoist").contains("systemd left alone");
        assertThat(Files.readAllLines(root.resolve("etc/passwd")))
                .anyMatch(line -> line.startsWith("hoist:") && line.contains(":/var/lib/hoist:/usr/sbin/nologin"));

        Path lib = root.resolve("opt/hoist-controller/lib");
        assertThat(lib.resolve("hoist-controller.jar")).hasSameBinaryContentAs(
                HoistProcesses.projectRoot().resolve("controller/target/hoist-controller.jar"));
        assertThat(lib.resolve("hoist.jar")).isRegularFile();
        assertThat(lib.resolve("hoist-agent-linux-x86_64.tar.gz")).as("served by the controller at /install/")
                .isRegularFile();
        assertThat(Files.isExecutable(root.resolve("opt/hoist-controller/bin/hoist-controller"))).isTrue();

        Path data = root.resolve("var/lib/hoist");
        PosixFileAttributes dataAttributes = Files.readAttributes(data, PosixFileAttributes.class,
                LinkOption.NOFOLLOW_LINKS);
        assertThat(PosixFilePermissions.toString(dataAttributes.permissions())).isEqualTo("rwx------");
        assertThat(dataAttributes.owner().getName()).as("owner as this machine names the root's uid")
                .isNotEqualTo("root");

        Path config = root.resolve("etc/hoist/hoist.yml");
        assertThat(Files.readString(config)).contains("dataDir: /var/lib/hoist").contains("# gateway:")
                .contains("# install:");
        Result check = run("java", "-jar", lib.resolve("hoist-controller.jar").toString(), "check", config.toString());
        assertThat(check.exitCode()).as("the installed configuration is valid:\n" + check.output()).isZero();

        Path unit = root.resolve("etc/systemd/system/hoist-controller.service");
        assertThat(Files.readString(unit)).contains("User=hoist").contains("ReadWritePaths=/var/lib/hoist")
                .contains("ExecStart=/opt/hoist-controller/bin/hoist-controller server /etc/hoist/hoist.yml");
        assertThat(UnitFiles.verify(root, "/etc/systemd/system/hoist-controller.service")).isEmpty();

        Files.writeString(config, "dataDir: /var/lib/hoist\nadvertisedAddress: hoist.example.com\n");
        Result again = run(script.toString(), "--root", root.toString());
        assertThat(again.exitCode()).as(again.output()).isZero();
        assertThat(Files.readString(config)).as("the operator's file is kept").contains("hoist.example.com");
        assertThat(root.resolve("etc/hoist/hoist.yml.example")).isRegularFile();

        Result removed = run(script.toString(), "--uninstall", "--root", root.toString());
        assertThat(removed.exitCode()).as(removed.output()).isZero();
        assertThat(root.resolve("opt/hoist-controller")).doesNotExist();
        assertThat(unit).doesNotExist();
        assertThat(data).isDirectory();
        assertThat(config).isRegularFile();
    }

    private Result run(String... command) throws IOException, InterruptedException {
        Path out = Files.createTempFile("install", ".txt");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        builder.environment().putAll(Map.of("HOIST_DATA_DIR", root.resolve("check-data").toString()));
        Process process = builder.start();
        Duration limit = Duration.ofMinutes(2);
        if (!process.waitFor(limit.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " did not finish within " + limit);
        }
        String output = Files.readString(out, StandardCharsets.UTF_8);
        Files.delete(out);
        return new Result(process.exitValue(), output);
    }

    private record Result(int exitCode, String output) {
    }
}
