package dev.hoist.agent.lifecycle;

import dev.hoist.protocol.deploy.FailureClass;
import java.io.File;
import java.io.FileInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Runs one hook script (appspec.md §3, "Hook execution").
 *
 * <ul>
 *   <li>The script leads its own process group ({@code setsid}); stdin is {@code /dev/null}; the working
 *       directory is the revision root; see {@link ScriptCommand} for the interpreter and {@code runas}.
 *   <li>stdout and stderr are read on two dedicated threads and every line goes to {@code output} as
 *       it comes; memory stays bounded whatever the script prints.
 *   <li>One deadline ({@code timeout} from the start) covers both the script's exit and its output
 *       closing. A script still running then gets SIGTERM to its group, SIGKILL after the grace period:
 *       {@code SCRIPT_TIMED_OUT}. A script that exited while something it started still holds its
 *       stdout/stderr gets the same treatment at the deadline: {@code OUTPUTS_LEFT_OPEN}.
 *   <li>A cancellation signals the group the same way: {@code CANCELLED}.
 *   <li>A script that exits 0 with its output closed succeeds; processes it left in the background
 *       with their output redirected (the usual way to start a daemon) keep running.
 * </ul>
 */
public final class HookRunner {

    private final HookRunnerSettings settings;
    private final ScriptCommand commands;
    private final Clock clock;

    public HookRunner(HookRunnerSettings settings, Clock clock) {
        this(settings, clock, new UserDirectory());
    }

    HookRunner(HookRunnerSettings settings, Clock clock, UserDirectory users) {
        this.settings = settings;
        this.commands = new ScriptCommand(users);
        this.clock = clock;
    }

    /**
     * Runs the script and waits for it, at most its timeout plus twice the kill grace period.
     * Never throws for anything the script does; an agent-side problem is {@code UNKNOWN_ERROR}.
     */
    public ScriptResult run(ScriptInvocation invocation, Consumer<OutputLine> output, Cancellation cancellation) {
        return run(invocation, output, cancellation, (pgid, token) -> { });
    }

    /**
     * As {@link #run(ScriptInvocation, Consumer, Cancellation)}, telling {@code started} the script's process
     * group as soon as it runs (the journal keeps it, so a restarted agent can end a hook a dead one left).
     */
    public ScriptResult run(ScriptInvocation invocation, Consumer<OutputLine> output, Cancellation cancellation,
            HookStarted started) {
        Tail tail = new Tail(settings.tailLines());
        Consumer<OutputLine> sink = line -> {
            tail.add(line);
            output.accept(line);
        };
        ScriptCommand.Resolved command;
        try {
            command = commands.resolve(invocation);
        } catch (IOException e) {
            return ScriptResult.failed(FailureClass.UNKNOWN_ERROR, "cannot prepare " + invocation.location() + ": " + e);
        }
        if (command.failure() != null) {
            return ScriptResult.failed(command.failure(), command.problem());
        }
        if (cancellation.isCancelled()) {
            return ScriptResult.failed(FailureClass.CANCELLED, invocation.location() + " not started: "
                    + cancellation.reason());
        }
        ScriptPipes pipes;
        try {
            pipes = ScriptPipes.create();
        } catch (IOException e) {
            return ScriptResult.failed(FailureClass.UNKNOWN_ERROR, "cannot create the output pipes for "
                    + invocation.location() + ": " + e.getMessage());
        }
        try (pipes) {
            String label = invocation.event() + "-" + invocation.location().replace('/', '_');
            // The readers first: the process's start waits until they have opened their ends.
            SecretMask mask = invocation.mask();
            Thread stdout = startPump(pipes.stdout(), OutputLine.Stream.STDOUT, invocation.location(), sink, label,
                    mask);
            Thread stderr = startPump(pipes.stderr(), OutputLine.Stream.STDERR, invocation.location(), sink, label,
                    mask);
            ProcessBuilder builder = new ProcessBuilder(command.argv())
                    .directory(invocation.revisionRoot().toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(pipes.stdout().toFile())
                    .redirectError(pipes.stderr().toFile());
            builder.environment().putAll(command.environment());

            Instant startedAt = clock.instant();
            Process process;
            try {
                process = builder.start();
            } catch (IOException e) {
                pipes.releaseWaitingReaders();
                return ScriptResult.failed(FailureClass.UNKNOWN_ERROR, "cannot start " + invocation.location()
                        + ": " + e.getMessage());
            }
            started.started(process.pid(), LeftoverHooks.tokenOf(process.pid()));
            return supervise(invocation, process, stdout, stderr, startedAt, tail, cancellation);
        }
    }

    private ScriptResult supervise(ScriptInvocation invocation, Process process, Thread stdout, Thread stderr,
            Instant started, Tail tail, Cancellation cancellation) {
        ProcessGroup group = new ProcessGroup(process.pid());
        try (Cancellation.Registration ignored = cancellation.onCancel(() -> group.signal("TERM"))) {
            return await(invocation, process, group, stdout, stderr, started, tail, cancellation);
        } catch (InterruptedException e) {
            stop(process, group, stdout, stderr);
            Thread.currentThread().interrupt();
            return ScriptResult.failed(FailureClass.CANCELLED, invocation.location()
                    + " was stopped: the agent is shutting down");
        }
    }

    private ScriptResult await(ScriptInvocation invocation, Process process, ProcessGroup group, Thread stdout,
            Thread stderr, Instant started, Tail tail, Cancellation cancellation) throws InterruptedException {
        Instant deadline = started.plus(invocation.timeout());
        String location = invocation.location();
        if (!process.waitFor(remainingMillis(deadline), TimeUnit.MILLISECONDS)) {
            String how = stop(process, group, stdout, stderr);
            if (cancellation.isCancelled()) {
                return ScriptResult.failed(FailureClass.CANCELLED, location + " was stopped (" + how + "): "
                        + cancellation.reason() + tail.quote());
            }
            return ScriptResult.failed(FailureClass.SCRIPT_TIMED_OUT, location + " was still running after its "
                    + "timeout of " + seconds(invocation.timeout()) + "; " + how + tail.quote());
        }
        int exitCode = process.exitValue();
        // The script has exited: its output readers get at least the kill grace period to reach the end
        // of the pipes, even past the deadline (the agent itself may have been stopped and continued, so
        // the deadline passed while nothing could run); only output held open longer counts against it.
        Instant drainUntil = later(deadline, clock.instant().plus(settings.killGrace()));
        joinUntil(stdout, drainUntil);
        joinUntil(stderr, drainUntil);
        if (stdout.isAlive() || stderr.isAlive()) {
            String how = stop(process, group, stdout, stderr);
            if (cancellation.isCancelled()) {
                return new ScriptResult(FailureClass.CANCELLED, exitCode, location + " was stopped (" + how + "): "
                        + cancellation.reason() + tail.quote());
            }
            return new ScriptResult(FailureClass.OUTPUTS_LEFT_OPEN, exitCode, location + " exited with code "
                    + exitCode + ", but a process it started still held its stdout/stderr at the deadline ("
                    + seconds(invocation.timeout()) + "); " + how + ". Start background processes with their "
                    + "output redirected, e.g. 'nohup app >/var/log/app.log 2>&1 &'" + tail.quote());
        }
        if (cancellation.isCancelled()) {
            return new ScriptResult(FailureClass.CANCELLED, exitCode, location + " was stopped: "
                    + cancellation.reason() + tail.quote());
        }
        if (exitCode != 0) {
            return new ScriptResult(FailureClass.SCRIPT_FAILED, exitCode, location + " exited with code " + exitCode
                    + tail.quote());
        }
        return new ScriptResult(null, 0, location + " succeeded");
    }

    /** SIGTERM to the group, SIGKILL after the grace period; returns what was done, for the message. */
    private String stop(Process process, ProcessGroup group, Thread stdout, Thread stderr) {
        group.signal("TERM");
        long graceMillis = settings.killGrace().toMillis();
        String how = "sent SIGTERM to its process group " + group.id();
        try {
            Instant graceEnds = clock.instant().plusMillis(graceMillis);
            boolean exited = process.waitFor(graceMillis, TimeUnit.MILLISECONDS);
            joinUntil(stdout, graceEnds);
            joinUntil(stderr, graceEnds);
            if (!exited || stdout.isAlive() || stderr.isAlive()) {
                group.signal("KILL");
                how += ", then SIGKILL after " + seconds(settings.killGrace());
                process.waitFor(graceMillis, TimeUnit.MILLISECONDS);
                Instant killGraceEnds = clock.instant().plusMillis(graceMillis);
                joinUntil(stdout, killGraceEnds);
                joinUntil(stderr, killGraceEnds);
            }
        } catch (InterruptedException e) {
            group.signal("KILL");
            Thread.currentThread().interrupt();
        }
        // A process that left the group (setsid of its own) may still hold the pipes; the reader threads
        // are daemons and end when it does. Nothing more can be done from here.
        return how;
    }

    private Thread startPump(Path pipe, OutputLine.Stream stream, String location,
            Consumer<OutputLine> sink, String label, SecretMask mask) {
        OutputPump pump = new OutputPump(() -> new FileInputStream(pipe.toFile()), stream, location,
                settings.maxLineBytes(), sink, clock, mask);
        Thread thread = new Thread(pump, "hook-" + stream.name().toLowerCase() + "-" + label);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    /** Waits for {@code thread} until {@code deadline}; never waits unbounded, as {@code join(0)} would. */
    private void joinUntil(Thread thread, Instant deadline) throws InterruptedException {
        long millis = remainingMillis(deadline);
        if (millis > 0) {
            thread.join(millis);
        }
    }

    private static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private long remainingMillis(Instant deadline) {
        return Math.max(0, Duration.between(clock.instant(), deadline).toMillis());
    }

    private static String seconds(Duration duration) {
        long millis = duration.toMillis();
        return millis % 1000 == 0 ? millis / 1000 + " s" : millis / 1000.0 + " s";
    }

    /** Told the process group of a hook that has just started. */
    @FunctionalInterface
    public interface HookStarted {
        /**
         * @param pgid the script's process group (it leads it: {@code setsid})
         * @param token what identifies the group's leader beyond its id, see {@link LeftoverHooks}
         */
        void started(long pgid, String token);
    }

    /** The last lines of output, for failure messages. */
    private static final class Tail {
        private final int limit;
        private final Deque<String> lines = new ArrayDeque<>();

        Tail(int limit) {
            this.limit = limit;
        }

        synchronized void add(OutputLine line) {
            if (limit == 0) {
                return;
            }
            if (lines.size() == limit) {
                lines.removeFirst();
            }
            String text = line.text();
            lines.addLast(text.length() > 500 ? text.substring(0, 500) + "..." : text);
        }

        synchronized String quote() {
            if (lines.isEmpty()) {
                return " (no output)";
            }
            return "; last output:\n" + String.join("\n", lines);
        }
    }
}
