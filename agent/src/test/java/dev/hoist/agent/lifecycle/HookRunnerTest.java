package dev.hoist.agent.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hoist.protocol.deploy.FailureClass;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs real scripts through {@link HookRunner}. */
class HookRunnerTest {

    private static final Duration MINUTE = Duration.ofMinutes(1);

    @TempDir
    Path revision;

    private final HookRunner runner = new HookRunner(new HookRunnerSettings(Duration.ofSeconds(1), 1024, 5),
            Clock.systemUTC());
    private final ConcurrentLinkedQueue<OutputLine> lines = new ConcurrentLinkedQueue<>();

    @Test
    void failingScriptReportsItsExitCodeAndLastOutput() throws IOException {
        script("fail.sh", "echo preparing\necho 'table locked' >&2\nexit 3\n");

        ScriptResult result = run("fail.sh", MINUTE, null, Map.of());

        assertThat(result.failure()).isEqualTo(FailureClass.SCRIPT_FAILED);
        assertThat(result.exitCode()).isEqualTo(3);
        assertThat(result.message()).contains("exited with code 3").contains("table locked");
        assertThat(lines).extracting(OutputLine::text).containsExactlyInAnyOrder("preparing", "table locked");
        assertThat(lines).filteredOn(l -> l.stream() == OutputLine.Stream.STDERR)
                .extracting(OutputLine::text).containsExactly("table locked");
    }

    /**
     * Hostile-probe finding 10: the agent stopped (SIGSTOP) while the script ran and continued after its
     * deadline. The script exited 0 meanwhile; its output readers still need a moment to see the end of
     * the pipes, which must not be taken for a background process holding them (OUTPUTS_LEFT_OPEN).
     */
    @Test
    void aScriptThatExitedWhileTheAgentWasStoppedPastItsDeadlineSucceeds() throws Exception {
        script("quick.sh", "echo bye\nexit 0\n");
        CountDownLatch agentLooksAgain = new CountDownLatch(1);
        JumpingClock clock = new JumpingClock(Instant.parse("2026-01-01T00:00:00Z"), agentLooksAgain);
        HookRunner stopped = new HookRunner(new HookRunnerSettings(Duration.ofSeconds(5), 1024, 5), clock);

        ScriptResult result = stopped.run(invocation("quick.sh", MINUTE, null, Map.of()), line -> {
            lines.add(line);
            if (line.text().equals("bye")) {
                // The agent is "stopped" from here until it next reads the clock, by then past the deadline.
                clock.jump(MINUTE.plusMinutes(5));
                try {
                    agentLooksAgain.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }, new Cancellation());

        assertThat(result.failure()).as(result.message()).isNull();
        assertThat(result.exitCode()).isZero();
    }

    /** A clock that jumps ahead once told, and counts down a latch the first time it is read after that. */
    private static final class JumpingClock extends Clock {
        private final CountDownLatch readAfterJump;
        private volatile Instant now;
        private volatile boolean jumped;

        JumpingClock(Instant start, CountDownLatch readAfterJump) {
            this.now = start;
            this.readAfterJump = readAfterJump;
        }

        void jump(Duration by) {
            now = now.plus(by);
            jumped = true;
        }

        @Override
        public Instant instant() {
            if (jumped && !Thread.currentThread().getName().startsWith("hook-")) {
                readAfterJump.countDown();
            }
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return java.time.ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }

    @Test
    void missingScriptIsScriptMissing() {
        ScriptResult result = run("scripts/nope.sh", MINUTE, null, Map.of());

        assertThat(result.failure()).isEqualTo(FailureClass.SCRIPT_MISSING);
        assertThat(result.message()).contains("scripts/nope.sh");
    }

    @Test
    void scriptWithoutExecuteBitRunsUnderBash() throws IOException {
        Path file = script("plain.sh", "echo \"bash $BASH_VERSION\"\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

        ScriptResult result = run("plain.sh", MINUTE, null, Map.of());

        assertThat(result.succeeded()).as(result.message()).isTrue();
        assertThat(lines).extracting(OutputLine::text).anyMatch(t -> t.startsWith("bash ") && t.length() > 5);
    }

    @Test
    void shebangPicksTheInterpreter() throws IOException {
        script("sh.sh", "#!/bin/sh -e\necho \"ran with $0\"\n");

        ScriptResult result = run("sh.sh", MINUTE, null, Map.of());

        assertThat(result.succeeded()).as(result.message()).isTrue();
        assertThat(lines).extracting(OutputLine::text).containsExactly("ran with " + revision.resolve("sh.sh"));
    }

    @Test
    void unrunnableLocationsAreNotExecutable() throws IOException {
        script("py.sh", "#!/usr/bin/no-such-python3\nprint('x')\n");
        Files.createDirectories(revision.resolve("adir"));

        assertThat(run("py.sh", MINUTE, null, Map.of()))
                .satisfies(r -> assertThat(r.failure()).isEqualTo(FailureClass.SCRIPT_NOT_EXECUTABLE))
                .satisfies(r -> assertThat(r.message()).contains("/usr/bin/no-such-python3"));
        assertThat(run("adir", MINUTE, null, Map.of()).failure()).isEqualTo(FailureClass.SCRIPT_NOT_EXECUTABLE);
    }

    @Test
    void scriptGetsHoistVariablesTheAgentEnvironmentItsRevisionAsCwdAndNoStdin() throws IOException {
        Path out = revision.resolve("env.out");
        script("env.sh", "echo \"$LIFECYCLE_EVENT|$DEPLOYMENT_ID|$PATH|$(pwd)\" > " + out + "\n"
                + "if read -r line; then echo \"stdin: $line\" >> " + out + "; else echo 'stdin closed' >> " + out
                + "; fi\n");

        ScriptResult result = run("env.sh", MINUTE, null, Map.of("LIFECYCLE_EVENT", "BeforeInstall",
                "DEPLOYMENT_ID", "d-1"));

        assertThat(result.succeeded()).as(result.message()).isTrue();
        assertThat(Files.readAllLines(out)).containsExactly(
                "BeforeInstall|d-1|" + System.getenv("PATH") + "|" + revision.toRealPath(), "stdin closed");
    }

    @Test
    void timeoutKillsTheWholeProcessGroup() throws IOException {
        Path pidFile = revision.resolve("child.pid");
        script("hang.sh", "sleep 300 &\necho $! > " + pidFile + "\necho started\nwait\n");

        ScriptResult result = run("hang.sh", Duration.ofSeconds(2), null, Map.of());

        assertThat(result.failure()).isEqualTo(FailureClass.SCRIPT_TIMED_OUT);
        assertThat(result.message()).contains("timeout of 2 s").contains("SIGTERM").contains("started");
        long child = Long.parseLong(Files.readString(pidFile).strip());
        await().atMost(Duration.ofSeconds(10)).until(() -> !running(child));
    }

    @Test
    void scriptIgnoringSigtermGetsSigkill() throws IOException {
        script("stubborn.sh", "trap '' TERM\necho waiting\nwhile true; do sleep 1; done\n");

        ScriptResult result = run("stubborn.sh", Duration.ofSeconds(1), null, Map.of());

        assertThat(result.failure()).isEqualTo(FailureClass.SCRIPT_TIMED_OUT);
        assertThat(result.message()).contains("SIGKILL");
    }

    @Test
    void backgroundChildHoldingTheOutputFailsAtTheDeadlineAndIsKilled() throws IOException {
        Path pidFile = revision.resolve("daemon.pid");
        script("daemon.sh", "sleep 300 &\necho $! > " + pidFile + "\necho launched\nexit 0\n");

        ScriptResult result = run("daemon.sh", Duration.ofSeconds(2), null, Map.of());

        assertThat(result.failure()).isEqualTo(FailureClass.OUTPUTS_LEFT_OPEN);
        assertThat(result.exitCode()).isZero();
        assertThat(result.message()).contains("stdout/stderr").contains("launched");
        long child = Long.parseLong(Files.readString(pidFile).strip());
        await().atMost(Duration.ofSeconds(10)).until(() -> !running(child));
    }

    @Test
    void backgroundChildWithRedirectedOutputKeepsRunningAfterSuccess() throws IOException {
        Path pidFile = revision.resolve("daemon.pid");
        script("start.sh", "nohup sleep 300 >/dev/null 2>&1 &\necho $! > " + pidFile + "\n");
        long child = 0;
        try {
            ScriptResult result = run("start.sh", MINUTE, null, Map.of());

            assertThat(result.succeeded()).as(result.message()).isTrue();
            child = Long.parseLong(Files.readString(pidFile).strip());
            assertThat(running(child)).isTrue();
        } finally {
            if (child > 0) {
                ProcessHandle.of(child).ifPresent(ProcessHandle::destroyForcibly);
            }
        }
    }

    @Test
    void hugeOutputReachesListenerAndLogWithBoundedLines() throws IOException {
        script("loud.sh", "seq 1 200000\nhead -c 100000 /dev/zero | tr '\\0' x\necho\necho done >&2\n");
        Path logFile = revision.resolve("logs/scripts.log");
        AtomicInteger count = new AtomicInteger();
        AtomicInteger longest = new AtomicInteger();
        AtomicReference<String> lastStdout = new AtomicReference<>();
        ScriptResult result;
        try (ScriptLog log = new ScriptLog(logFile, 1L << 30)) {
            result = runner.run(invocation("loud.sh", MINUTE, null, Map.of()), line -> {
                count.incrementAndGet();
                longest.accumulateAndGet(line.text().length(), Math::max);
                if (line.stream() == OutputLine.Stream.STDOUT && !line.text().startsWith("x")) {
                    lastStdout.set(line.text());
                }
                log.write("BeforeInstall", line);
            }, new Cancellation());
        }

        assertThat(result.succeeded()).as(result.message()).isTrue();
        // 200,000 numbers, the 100,000-byte line in 1,024-byte pieces, and "done"
        assertThat(count.get()).isEqualTo(200_000 + 98 + 1);
        assertThat(longest.get()).isLessThanOrEqualTo(1024);
        assertThat(lastStdout.get()).isEqualTo("200000");
        try (var stream = Files.lines(logFile)) {
            assertThat(stream.filter(l -> l.contains(" [stdout] ")).count()).isEqualTo(200_000 + 98);
        }
    }

    @Test
    void cancellationStopsARunningScript() throws IOException {
        script("long.sh", "echo running\nsleep 300\n");
        Cancellation cancellation = new Cancellation();
        AtomicReference<ScriptResult> result = new AtomicReference<>();
        Thread thread = new Thread(() -> result.set(runner.run(invocation("long.sh", MINUTE, null, Map.of()),
                lines::add, cancellation)));
        thread.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> !lines.isEmpty());

        cancellation.cancel("stopped by the test");

        await().atMost(Duration.ofSeconds(20)).until(() -> result.get() != null);
        assertThat(result.get().failure()).isEqualTo(FailureClass.CANCELLED);
        assertThat(result.get().message()).contains("stopped by the test");
    }

    @Test
    void scriptLogKeepsTheNewestLinesWithinItsBound() throws IOException {
        Path logFile = revision.resolve("logs/scripts.log");
        try (ScriptLog log = new ScriptLog(logFile, 4096)) {
            for (int i = 0; i < 500; i++) {
                log.write("ApplicationStart", new OutputLine(java.time.Instant.EPOCH, OutputLine.Stream.STDOUT,
                        "s.sh", "line " + i));
            }
        }
        Path older = logFile.resolveSibling("scripts.log.1");
        assertThat(Files.size(logFile) + Files.size(older)).isLessThanOrEqualTo(4096 + 200);
        assertThat(Files.readString(logFile)).endsWith("[stdout] line 499\n");
        assertThat(Files.readString(older)).doesNotContain("line 0\n");
    }

    private ScriptResult run(String location, Duration timeout, String runas, Map<String, String> env) {
        return runner.run(invocation(location, timeout, runas, env), lines::add, new Cancellation());
    }

    private ScriptInvocation invocation(String location, Duration timeout, String runas, Map<String, String> env) {
        return new ScriptInvocation("BeforeInstall", revision, location, timeout, runas, env);
    }

    private Path script(String name, String body) throws IOException {
        Path file = revision.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, body, StandardCharsets.UTF_8);
        return file;
    }

    /** Alive and not a zombie waiting for a parent that does not reap. */
    static boolean running(long pid) {
        Path stat = Path.of("/proc/" + pid + "/stat");
        try {
            String text = Files.readString(stat);
            String state = text.substring(text.lastIndexOf(')') + 2, text.lastIndexOf(')') + 3);
            return !state.equals("Z") && !state.equals("X");
        } catch (IOException e) {
            return false;
        }
    }

    static Consumer<OutputLine> ignore() {
        return line -> { };
    }

    static List<String> texts(ConcurrentLinkedQueue<OutputLine> lines) {
        return lines.stream().map(OutputLine::text).toList();
    }
}
