package dev.hoist.agent.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code hoist-agent local} run as a user runs it, in process: a real tgz made by {@code tar}, real hooks,
 * a real install. DownloadBundle and Install run whatever {@code --events} names, as in codedeploy-local.
 */
class LocalCommandTest {

    @TempDir
    Path temp;

    private Path bundle;
    private Path trace;
    private Path installed;

    @BeforeEach
    void buildBundle() throws Exception {
        trace = temp.resolve("trace");
        installed = temp.resolve("app/v1.txt");
        Path root = Files.createDirectories(temp.resolve("src"));
        Files.createDirectories(root.resolve("content"));
        Files.writeString(root.resolve("content/v1.txt"), "v1");
        Files.createDirectories(root.resolve("scripts"));
        StringBuilder appspec = new StringBuilder("version: 0.0\nos: linux\nfiles:\n  - source: /content\n"
                + "    destination: " + temp.resolve("app") + "\nhooks:\n");
        for (String hook : List.of("BeforeInstall", "ApplicationStart", "ValidateService")) {
            // Each hook says whether the revision's file was on the host when it ran.
            Files.writeString(root.resolve("scripts/" + hook + ".sh"), "if [ -f " + installed + " ]; then echo \""
                    + hook + " installed\" >> " + trace + "; else echo \"" + hook + " absent\" >> " + trace + "; fi\n");
            appspec.append("  ").append(hook).append(":\n    - location: scripts/").append(hook).append(".sh\n");
        }
        Files.writeString(root.resolve("appspec.yml"), appspec.toString());
        bundle = temp.resolve("app.tgz");
        Process tar = new ProcessBuilder("tar", "-czf", bundle.toString(), "-C", root.toString(), ".")
                .redirectErrorStream(true).start();
        assertThat(tar.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(tar.exitValue()).as(new String(tar.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
                .isZero();
    }

    @Test
    void aStartHookAloneStillRunsAfterTheBundleIsDownloadedAndInstalled() throws IOException {
        Run run = local("--events", "ApplicationStart");

        assertThat(run.exit).as(run.output).isZero();
        assertThat(Files.readAllLines(trace)).containsExactly("ApplicationStart installed");
        assertThat(installed).hasContent("v1");
        assertThat(run.output).contains("events: DownloadBundle, Install, ApplicationStart\n");
        assertThat(run.output).contains("events run: DownloadBundle, Install, ApplicationStart\n");
    }

    @Test
    void namedEventsRunInLifecycleOrderAroundTheRequiredOnesAndTheJsonListsThem() throws IOException {
        Run run = local("--events", "ValidateService,BeforeInstall", "--output", "json");

        assertThat(run.exit).as(run.output).isZero();
        assertThat(Files.readAllLines(trace)).containsExactly("BeforeInstall absent", "ValidateService installed");
        assertThat(run.output).startsWith("{\"status\": \"Succeeded\"");
        List<String> events = new ArrayList<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"event\": \"(\\w+)\", \"status\": \"Succeeded\"")
                .matcher(run.output);
        while (m.find()) {
            events.add(m.group(1));
        }
        assertThat(events).containsExactly("DownloadBundle", "BeforeInstall", "Install", "ValidateService");
    }

    @Test
    void withoutEventsTheWholeInPlaceListRuns() throws IOException {
        Run run = local();

        assertThat(run.exit).as(run.output).isZero();
        assertThat(Files.readAllLines(trace)).containsExactly("BeforeInstall absent", "ApplicationStart installed",
                "ValidateService installed");
        assertThat(run.output).contains("events run: ApplicationStop, DownloadBundle, BeforeInstall, Install, "
                + "AfterInstall, ApplicationStart, ValidateService\n");
    }

    @Test
    void anUnknownEventIsRefusedWithTheValidNames() {
        Run run = local("--events", "Start");

        assertThat(run.exit).isEqualTo(2);
        assertThat(run.errors).contains("'Start' is not a lifecycle event").contains("ApplicationStart");
        assertThat(trace).doesNotExist();
    }

    private Run local(String... extra) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        List<String> args = new ArrayList<>(List.of("--bundle", bundle.toString(), "--deployment-root",
                temp.resolve("deployments").toString()));
        args.addAll(List.of(extra));
        CommandLine command = new CommandLine(new LocalCommand(new PrintStream(out, true, StandardCharsets.UTF_8)));
        command.setErr(new java.io.PrintWriter(err, true, StandardCharsets.UTF_8));
        int exit = command.execute(args.toArray(String[]::new));
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private record Run(int exit, String output, String errors) {
    }
}
