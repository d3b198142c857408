package dev.hoist.agent.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hoist.agent.bundle.BundleType;
import dev.hoist.agent.state.DeploymentLayout;
import dev.hoist.agent.state.EventJournal;
import dev.hoist.agent.state.InFlightEvent;
import dev.hoist.protocol.appspec.FileExistsBehavior;
import dev.hoist.protocol.appspec.LifecycleEvent;
import dev.hoist.protocol.deploy.FailureClass;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Whole deployments of directory bundles through the real preparer, hook runner and installer. */
class DeploymentRunnerTest {

    private static final List<String> ALL_HOOKS = List.of("ApplicationStop", "BeforeInstall", "AfterInstall",
            "ApplicationStart", "ValidateService", "BeforeBlockTraffic", "AfterBlockTraffic", "BeforeAllowTraffic",
            "AfterAllowTraffic");

    @TempDir
    Path temp;

    private DeploymentLayout layout;
    private Path trace;
    private int deployments;

    @BeforeEach
    void setUp() {
        layout = new DeploymentLayout(temp.resolve("deployments"));
        trace = temp.resolve("trace");
    }

    @Test
    void firstDeploymentRunsHooksInOrderAndTheNextStopsThePreviousRevision() throws IOException {
        DeploymentResult first = deploy(bundle("v1", Map.of()), LifecycleEvent.IN_PLACE, false, DeploymentListener.NONE);

        assertThat(first.succeeded()).isTrue();
        assertThat(first.events()).extracting(e -> e.event().wireName()).containsExactly("ApplicationStop",
                "DownloadBundle", "BeforeInstall", "Install", "AfterInstall", "ApplicationStart", "ValidateService");
        assertThat(first.events()).allMatch(e -> e.status() == EventStatus.SUCCEEDED);
        assertThat(first.events().get(0).message()).contains("nothing to stop");
        assertThat(traceLines()).containsExactly("BeforeInstall v1", "AfterInstall v1", "ApplicationStart v1",
                "ValidateService v1");
        assertThat(temp.resolve("app/v1.txt")).hasContent("v1");

        Files.delete(trace);
        DeploymentResult second = deploy(bundle("v2", Map.of()), LifecycleEvent.IN_PLACE, false,
                DeploymentListener.NONE);

        assertThat(second.succeeded()).isTrue();
        assertThat(traceLines()).containsExactly("ApplicationStop v1", "BeforeInstall v2", "AfterInstall v2",
                "ApplicationStart v2", "ValidateService v2");
        assertThat(temp.resolve("app/v1.txt")).doesNotExist();
    }

    @Test
    void trafficHooksOfTheInstalledRevisionRunBeforeThoseOfTheNewOne() throws IOException {
        deploy(bundle("v1", Map.of()), LifecycleEvent.IN_PLACE_WITH_TRAFFIC, false, DeploymentListener.NONE);
        Files.delete(trace);

        DeploymentResult result = deploy(bundle("v2", Map.of()), LifecycleEvent.IN_PLACE_WITH_TRAFFIC, false,
                DeploymentListener.NONE);

        assertThat(result.succeeded()).isTrue();
        assertThat(traceLines()).containsExactly("BeforeBlockTraffic v1", "AfterBlockTraffic v1",
                "ApplicationStop v1", "BeforeInstall v2", "AfterInstall v2", "ApplicationStart v2",
                "ValidateService v2", "BeforeAllowTraffic v2", "AfterAllowTraffic v2");
    }

    @Test
    void eventsAfterTheFirstFailureAreSkippedAndDoNotRun() throws IOException {
        List<EventReport> seen = new CopyOnWriteArrayList<>();
        ConcurrentLinkedQueue<String> output = new ConcurrentLinkedQueue<>();
        DeploymentListener listener = new DeploymentListener() {
            @Override
            public void eventChanged(EventReport report) {
                seen.add(report);
            }

            @Override
            public void outputLine(LifecycleEvent event, OutputLine line) {
                output.add(event + ": " + line.text());
            }
        };

        DeploymentResult result = deploy(bundle("v1", Map.of("AfterInstall",
                "echo \"AfterInstall v1\" >> " + trace + "\necho 'disk full' >&2\nexit 4\n")),
                LifecycleEvent.IN_PLACE, false, listener);

        assertThat(result.succeeded()).isFalse();
        assertThat(result.firstFailure()).hasValueSatisfying(e -> {
            assertThat(e.event()).isEqualTo(LifecycleEvent.AFTER_INSTALL);
            assertThat(e.failure()).isEqualTo(FailureClass.SCRIPT_FAILED);
            assertThat(e.exitCode()).isEqualTo(4);
            assertThat(e.message()).contains("disk full");
        });
        assertThat(result.events().subList(5, 7)).allMatch(e -> e.status() == EventStatus.SKIPPED);
        assertThat(traceLines()).containsExactly("BeforeInstall v1", "AfterInstall v1");
        assertThat(output).contains("AfterInstall: disk full");
        assertThat(seen).filteredOn(r -> r.status().isFinal()).extracting(EventReport::event)
                .containsExactlyElementsOf(LifecycleEvent.IN_PLACE);
        assertThat(Files.readString(layout.scriptsLog(groupId(), result.deploymentId())))
                .contains("AfterInstall scripts/AfterInstall.sh [stderr] disk full");
    }

    @Test
    void ignoreApplicationStopFailuresTurnsTheInstalledRevisionsStopFailureIntoAWarning() throws IOException {
        deploy(bundle("v1", Map.of("ApplicationStop", "exit 7\n")), LifecycleEvent.IN_PLACE, false,
                DeploymentListener.NONE);

        DeploymentResult strict = deploy(bundle("v2", Map.of()), LifecycleEvent.IN_PLACE, false,
                DeploymentListener.NONE);
        DeploymentResult lenient = deploy(bundle("v3", Map.of()), LifecycleEvent.IN_PLACE, true,
                DeploymentListener.NONE);

        assertThat(strict.succeeded()).isFalse();
        assertThat(strict.firstFailure()).hasValueSatisfying(e -> {
            assertThat(e.event()).isEqualTo(LifecycleEvent.APPLICATION_STOP);
            assertThat(e.exitCode()).isEqualTo(7);
        });
        assertThat(lenient.succeeded()).isTrue();
        assertThat(lenient.events().get(0).status()).isEqualTo(EventStatus.SUCCEEDED);
        assertThat(lenient.events().get(0).message()).contains("ignoreApplicationStopFailures").contains("SCRIPT_FAILED");
        assertThat(lenient.warnings()).isNotEmpty();
    }

    @Test
    void invalidAppSpecIsRefusedBeforeAnyEvent() throws IOException {
        Path bundle = bundle("v1", Map.of());
        Files.writeString(bundle.resolve("appspec.yml"), "os: linux\n");

        DeploymentResult result = deploy(bundle, LifecycleEvent.IN_PLACE, false, DeploymentListener.NONE);

        assertThat(result.succeeded()).isFalse();
        assertThat(result.error().failure()).isEqualTo(FailureClass.APPSPEC_INVALID);
        assertThat(result.error().message()).contains("version");
        assertThat(result.events()).allMatch(e -> e.status() == EventStatus.SKIPPED);
        assertThat(trace).doesNotExist();
    }

    @Test
    void aSubsetOfEventsRunsOnlyThose() throws IOException {
        DeploymentResult result = deploy(bundle("v1", Map.of()),
                List.of(LifecycleEvent.BEFORE_INSTALL, LifecycleEvent.VALIDATE_SERVICE), false,
                DeploymentListener.NONE);

        assertThat(result.succeeded()).isTrue();
        assertThat(traceLines()).containsExactly("BeforeInstall v1", "ValidateService v1");
        assertThat(temp.resolve("app/v1.txt")).as("Install did not run").doesNotExist();
    }

    @Test
    void eventLeftInTheJournalByADeadRunIsReportedFailedAfterRestart() throws IOException {
        new EventJournal(layout).begin(new InFlightEvent(groupId(), "d-crashed", "", "ApplicationStart",
                Instant.parse("2024-01-01T00:00:00Z")));
        List<InFlightEvent> reported = new CopyOnWriteArrayList<>();

        DeploymentResult result = deploy(bundle("v1", Map.of()), LifecycleEvent.IN_PLACE, false,
                new DeploymentListener() {
                    @Override
                    public void interruptedEarlier(InFlightEvent event) {
                        reported.add(event);
                    }
                });

        assertThat(reported).singleElement().satisfies(e -> {
            assertThat(e.deploymentId()).isEqualTo("d-crashed");
            assertThat(e.event()).isEqualTo("ApplicationStart");
        });
        assertThat(result.interruptedEarlier()).isPresent();
        assertThat(layout.journal(groupId())).as("cleared after the run").doesNotExist();
    }

    @Test
    void retentionKeepsTheNewestRevisionsAndTheInstalledOne() throws IOException {
        DeploymentRunner runner = new EngineSettings().revisionsToKeep(2).build(layout, Clock.systemUTC());
        String installed = null;
        for (int i = 1; i <= 4; i++) {
            List<LifecycleEvent> events = i == 1 ? LifecycleEvent.IN_PLACE : List.of(LifecycleEvent.BEFORE_INSTALL);
            DeploymentResult result = runner.run(request(bundle("v" + i, Map.of()), events, false), DeploymentListener.NONE,
                    new Cancellation());
            assertThat(result.succeeded()).isTrue();
            if (i == 1) {
                installed = result.deploymentId();
            }
            setOlder(layout.deploymentDir(groupId(), result.deploymentId()), 10 - i);
        }

        try (var dirs = Files.list(layout.groupDir(groupId()))) {
            assertThat(dirs.filter(Files::isDirectory).map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder(installed, "d-3", "d-4");
        }
    }

    private DeploymentResult deploy(Path bundle, List<LifecycleEvent> events, boolean ignoreStopFailures,
            DeploymentListener listener) {
        return new EngineSettings().build(layout, Clock.systemUTC()).run(request(bundle, events, ignoreStopFailures),
                listener, new Cancellation());
    }

    private DeploymentRequest request(Path bundle, List<LifecycleEvent> events, boolean ignoreStopFailures) {
        deployments++;
        return new DeploymentRequest("", "d-" + deployments, "app", "group", groupId(), null, bundle,
                BundleType.DIRECTORY, null, events, FileExistsBehavior.DISALLOW, ignoreStopFailures, null, Map.of(),
                null);
    }

    private static String groupId() {
        return "g-test";
    }

    /** A revision whose every hook appends "Event vN" to the trace; {@code overrides} replaces script bodies. */
    private Path bundle(String version, Map<String, String> overrides) throws IOException {
        Path root = Files.createDirectories(temp.resolve("bundles").resolve(version));
        StringBuilder appspec = new StringBuilder("version: 0.0\nos: linux\nfiles:\n  - source: /content\n"
                + "    destination: " + temp.resolve("app") + "\nhooks:\n");
        for (String hook : ALL_HOOKS) {
            Path script = root.resolve("scripts/" + hook + ".sh");
            Files.createDirectories(script.getParent());
            Files.writeString(script, overrides.getOrDefault(hook,
                    "echo \"$LIFECYCLE_EVENT " + version + "\" >> " + trace + "\n"));
            appspec.append("  ").append(hook).append(":\n    - location: scripts/").append(hook)
                    .append(".sh\n      timeout: 60\n");
        }
        Files.createDirectories(root.resolve("content"));
        Files.writeString(root.resolve("content/" + version + ".txt"), version);
        Files.writeString(root.resolve("appspec.yml"), appspec.toString());
        return root;
    }

    private List<String> traceLines() throws IOException {
        return Files.exists(trace) ? Files.readAllLines(trace) : List.of();
    }

    private static void setOlder(Path dir, int minutesAgo) throws IOException {
        Files.setLastModifiedTime(dir, java.nio.file.attribute.FileTime.from(
                Instant.now().minusSeconds(60L * minutesAgo)));
    }
}
