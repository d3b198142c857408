package dev.hoist.agent.lifecycle;

import dev.hoist.agent.install.InstallException;
import dev.hoist.agent.install.InstallRecord;
import dev.hoist.agent.install.InstallRecordDamagedException;
import dev.hoist.agent.install.InstallRecordStore;
import dev.hoist.agent.install.InstallRequest;
import dev.hoist.agent.install.Installer;
import dev.hoist.agent.state.DeploymentLayout;
import dev.hoist.agent.state.EventJournal;
import dev.hoist.agent.state.GroupLock;
import dev.hoist.agent.state.InFlightEvent;
import dev.hoist.agent.state.RevisionRetention;
import dev.hoist.protocol.appspec.AppSpec;
import dev.hoist.protocol.appspec.HookScript;
import dev.hoist.protocol.appspec.LifecycleEvent;
import dev.hoist.protocol.deploy.FailureClass;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Runs one deployment of one revision on this host: the lifecycle of appspec.md §3. The controller
 * connection and {@code hoist-agent local} both call {@link #run}; they differ only in where the
 * request comes from and what the {@link DeploymentListener} does with the progress.
 *
 * <pre>
 *  run(request)
 *    │
 *    ├─ group lock held by another run ─────────────► refused (error, every event Skipped)
 *    ├─ journal entry left by a dead run ───────────► reported FAILED_AFTER_RESTART, then go on
 *    ▼
 *  prepare = DownloadBundle (verify, unpack, validate the AppSpec)
 *    ├─ bundle or AppSpec refused ──────────────────► refused (error, every event Skipped)
 *    ▼
 *  for each event, in the request's order:
 *
 *      Pending ──► InProgress ──► Succeeded ──► next event
 *         │             │
 *         │             └──────► Failed ──► every later event: Skipped
 *         └── an earlier event Failed, or cancelled ──► Skipped
 *    ▼
 *  retention: prune old deployment directories of the group
 * </pre>
 *
 * <h2>Contract of each phase</h2>
 * <dl>
 *   <dt>Prepare (reported as DownloadBundle)</dt>
 *   <dd>Runs first, before any event touches the host, so a bad revision fails without stopping the
 *   running application. Not cancellable; bounded by the extraction limits. May change only
 *   {@code <group>/<deployment>/{bundle,archive}}. A failure is the deployment's {@code error}.</dd>
 *
 *   <dt>ApplicationStop, BeforeBlockTraffic, AfterBlockTraffic</dt>
 *   <dd>Run the scripts of the revision last installed for the group (from the install record); a
 *   no-op when the group never installed here. Cancelled by the deployment's {@link Cancellation} or
 *   a script's timeout (SIGTERM, then SIGKILL, to the script's process group). May change whatever the
 *   scripts change. With {@code ignoreApplicationStopFailures} a failure (other than a cancellation)
 *   is reported as {@code Succeeded} with the failure in the message, and the deployment goes on.
 *   Must be safe to run again: a retried deployment runs them again.</dd>
 *
 *   <dt>BeforeInstall, AfterInstall, ApplicationStart, ValidateService, BeforeAllowTraffic,
 *   AfterAllowTraffic</dt>
 *   <dd>Run the new revision's scripts, in file order, stopping at the first that fails. Cancelled and
 *   bounded as above. May change whatever the scripts change.</dd>
 *
 *   <dt>Install</dt>
 *   <dd>{@link Installer}: removes what the group's previous Install recorded, copies {@code files},
 *   applies {@code permissions}, records what it installed. A cancellation is honoured before it starts,
 *   never half way (a half-copied tree is worse than a finished one). May change the {@code files}
 *   destinations and {@code instructions/<group-id>.installed}; nothing else.</dd>
 *
 *   <dt>BlockTraffic, AllowTraffic</dt>
 *   <dd>Hoist's load-balancer steps. They change nothing on this host: with no load balancer (always, in
 *   local mode) they succeed at once; for a group behind one, the {@link EventGate} holds the event in
 *   flight until the controller reports the balancer's step (the agent's {@code deploy.TrafficGate}).</dd>
 * </dl>
 *
 * <p>Invariants: at most one run per group at a time ({@link GroupLock}); the journal names the event
 * in flight from just before it starts until just after it ends ({@link EventJournal}); exactly one
 * final report per planned event reaches the listener, in order; nothing outside the group's directory,
 * the install record and the {@code files} destinations is written.
 */
public final class DeploymentRunner implements DeploymentEngine {

    private final DeploymentLayout layout;
    private final RevisionPreparer preparer;
    private final HookRunner hooks;
    private final LeftoverHooks leftovers;
    private final Installer installer;
    private final InstallRecordStore records;
    private final EventJournal journal;
    private final RevisionRetention retention;
    private final long scriptsLogMaxBytes;
    private final Clock clock;

    public DeploymentRunner(DeploymentLayout layout, RevisionPreparer preparer, HookRunner hooks,
            LeftoverHooks leftovers, Installer installer, InstallRecordStore records, EventJournal journal,
            RevisionRetention retention, long scriptsLogMaxBytes, Clock clock) {
        this.layout = layout;
        this.preparer = preparer;
        this.hooks = hooks;
        this.leftovers = leftovers;
        this.installer = installer;
        this.records = records;
        this.journal = journal;
        this.retention = retention;
        this.scriptsLogMaxBytes = scriptsLogMaxBytes;
        this.clock = clock;
    }

    /** Runs the deployment to its end and returns how it went; never throws for anything a revision does. */
    public DeploymentResult run(DeploymentRequest request, DeploymentListener listener, Cancellation cancellation) {
        return run(request, listener, cancellation, EventGate.NONE);
    }

    /**
     * As {@link #run(DeploymentRequest, DeploymentListener, Cancellation)}, with {@code gate} asked after
     * each event that succeeded whether the event may stand (the controller's health checks after
     * {@code ValidateService}); while it decides, the event is still in flight (journalled, in progress).
     */
    @Override
    public DeploymentResult run(DeploymentRequest request, DeploymentListener listener, Cancellation cancellation,
            EventGate gate) {
        String group = request.deploymentGroupId();
        Optional<GroupLock> lock;
        try {
            lock = GroupLock.tryAcquire(layout, group);
        } catch (IOException e) {
            return refuseAll(request, listener, FailureClass.UNKNOWN_ERROR, "cannot use the deployment root "
                    + layout.root() + ": " + e, Optional.empty());
        }
        if (lock.isEmpty()) {
            return refuseAll(request, listener, FailureClass.UNKNOWN_ERROR, "another deployment of group "
                    + request.deploymentGroupName() + " (" + group + ") is running on this host; wait for it to "
                    + "finish", Optional.empty());
        }
        try (GroupLock held = lock.get()) {
            return runLocked(request, listener, cancellation, gate);
        } catch (IOException e) {
            return refuseAll(request, listener, FailureClass.UNKNOWN_ERROR, "deployment root " + layout.root()
                    + ": " + e, Optional.empty());
        }
    }

    private DeploymentResult runLocked(DeploymentRequest request, DeploymentListener listener,
            Cancellation cancellation, EventGate gate) throws IOException {
        Optional<InFlightEvent> interrupted = journal.takeInterrupted(request.deploymentGroupId());
        // The dead run's hook may still be running: it must end before anything else runs for the group.
        Optional<String> stopped = interrupted.flatMap(leftovers::stop);
        interrupted.ifPresent(listener::interruptedEarlier);
        Path dir = layout.deploymentDir(request.deploymentGroupId(), request.deploymentId());
        if (Files.exists(dir)) {
            return refuseAll(request, listener, FailureClass.UNKNOWN_ERROR, "deployment " + request.deploymentId()
                    + " already ran on this host (" + dir + " exists); every deployment needs a new id", interrupted);
        }
        Files.createDirectories(dir);
        try (ScriptLog log = new ScriptLog(layout.scriptsLog(request.deploymentGroupId(), request.deploymentId()),
                scriptsLogMaxBytes)) {
            Run run = new Run(request, listener, cancellation, gate, log, interrupted);
            stopped.ifPresent(text -> run.note(LifecycleEvent.DOWNLOAD_BUNDLE, text));
            return run.execute();
        }
    }

    private static DeploymentResult refuseAll(DeploymentRequest request, DeploymentListener listener,
            FailureClass failure, String message, Optional<InFlightEvent> interrupted) {
        List<EventReport> reports = new ArrayList<>();
        for (LifecycleEvent event : request.events()) {
            EventReport skipped = EventReport.skipped(event, "not run: " + failure + " before the first event");
            reports.add(skipped);
            listener.eventChanged(skipped);
        }
        return new DeploymentResult(request.deploymentId(), false, reports,
                new DeploymentResult.Error(failure, message), List.of(), interrupted);
    }

    /** The state of one run; lives as long as {@link #execute}. */
    private final class Run {
        private final DeploymentRequest request;
        private final DeploymentListener listener;
        private final Cancellation cancellation;
        private final EventGate gate;
        private final ScriptLog log;
        private final Optional<InFlightEvent> interrupted;
        private final String group;
        private final List<String> warnings = new ArrayList<>();
        private final SecretMask mask;
        private PreparedRevision revision;

        Run(DeploymentRequest request, DeploymentListener listener, Cancellation cancellation, EventGate gate,
                ScriptLog log, Optional<InFlightEvent> interrupted) {
            this.request = request;
            this.listener = listener;
            this.cancellation = cancellation;
            this.gate = gate;
            this.log = log;
            this.interrupted = interrupted;
            this.group = request.deploymentGroupId();
            this.mask = SecretMask.of(request.secrets().values());
        }

        DeploymentResult execute() {
            interrupted.ifPresent(i -> note(LifecycleEvent.DOWNLOAD_BUNDLE, "previous run " + i.deploymentId()
                    + " of this group died during " + i.event() + " (started " + i.startedAt()
                    + "): FAILED_AFTER_RESTART"));
            boolean downloadPlanned = request.events().contains(LifecycleEvent.DOWNLOAD_BUNDLE);
            Instant prepStarted = clock.instant();
            if (downloadPlanned) {
                beginJournal(LifecycleEvent.DOWNLOAD_BUNDLE, prepStarted);
                listener.eventChanged(EventReport.inProgress(LifecycleEvent.DOWNLOAD_BUNDLE, prepStarted));
            }
            EventReport download;
            try {
                revision = preparer.prepare(request,
                        layout.bundleFile(group, request.deploymentId()),
                        layout.archiveDir(group, request.deploymentId()));
                download = new EventReport(LifecycleEvent.DOWNLOAD_BUNDLE, EventStatus.SUCCEEDED, null,
                        "bundle sha256 " + revision.sha256() + " verified and unpacked to " + revision.root(),
                        null, prepStarted, clock.instant());
            } catch (RevisionRefusedException e) {
                clearJournal();
                note(LifecycleEvent.DOWNLOAD_BUNDLE, e.failure() + ": " + e.getMessage());
                log.flush();
                return refuseAll(request, listener, e.failure(), e.getMessage(), interrupted);
            }
            clearJournal();
            revision.warnings().forEach(w -> {
                warnings.add(w);
                note(LifecycleEvent.DOWNLOAD_BUNDLE, "warning: " + w);
            });

            List<EventReport> reports = new ArrayList<>();
            boolean failed = false;
            for (LifecycleEvent event : request.events()) {
                EventReport report;
                if (failed) {
                    report = EventReport.skipped(event, "skipped: an earlier event failed");
                } else if (cancellation.stopsBeforeNextEvent()) {
                    report = EventReport.skipped(event, "skipped: cancelled (" + cancellation.stopReason() + ")");
                } else if (event == LifecycleEvent.DOWNLOAD_BUNDLE) {
                    report = download;
                } else {
                    report = runEvent(event);
                }
                reports.add(report);
                listener.eventChanged(report);
                failed |= report.status() == EventStatus.FAILED;
            }
            DeploymentResult.Error error = null;
            if (!failed && cancellation.stopsBeforeNextEvent()) {
                error = new DeploymentResult.Error(FailureClass.CANCELLED, "cancelled: " + cancellation.stopReason());
            }
            prune();
            log.flush();
            return new DeploymentResult(request.deploymentId(), !failed && error == null, reports, error, warnings,
                    interrupted);
        }

        private EventReport runEvent(LifecycleEvent event) {
            Instant started = clock.instant();
            if (!beginJournal(event, started)) {
                return failed(event, started, FailureClass.UNKNOWN_ERROR, "cannot write the event journal under "
                        + layout.groupDir(group) + "; is the disk full or read-only?", null);
            }
            listener.eventChanged(EventReport.inProgress(event, started));
            EventReport report;
            try {
                report = switch (event) {
                    case INSTALL -> install(started);
                    case BLOCK_TRAFFIC, ALLOW_TRAFFIC -> new EventReport(event, EventStatus.SUCCEEDED, null,
                            "nothing to do on this host; the load balancer step, when the group has one, is in "
                                    + "this event's log", null, started, clock.instant());
                    default -> scripts(event, started);
                };
                if (report.status() == EventStatus.SUCCEEDED) {
                    report = gated(report);
                }
            } catch (RuntimeException e) {
                String id = UUID.randomUUID().toString().substring(0, 8);
                note(event, "unexpected error " + id + ": " + e);
                report = failed(event, started, FailureClass.UNKNOWN_ERROR, "unexpected agent error (id " + id
                        + ", details in scripts.log): " + e, null);
            }
            clearJournal();
            return report;
        }

        private EventReport gated(EventReport report) {
            Optional<EventGate.Refusal> refusal = gate.check(report.event(), text -> note(report.event(), text),
                    cancellation);
            if (refusal.isEmpty()) {
                return report;
            }
            note(report.event(), refusal.get().failure() + ": " + refusal.get().message());
            return failed(report.event(), report.startedAt(), refusal.get().failure(), refusal.get().message(),
                    report.exitCode());
        }

        private EventReport install(Instant started) {
            InstallRequest install = new InstallRequest(group, request.deploymentId(), revision.revisionId(),
                    revision.sha256(), revision.root(), revision.appSpecFile(), revision.spec(),
                    request.fileExistsBehavior());
            try {
                InstallRecord record = installer.install(install, text -> note(LifecycleEvent.INSTALL, text));
                return new EventReport(LifecycleEvent.INSTALL, EventStatus.SUCCEEDED, null, "installed "
                        + record.entries().size() + " paths", null, started, clock.instant());
            } catch (InstallException e) {
                note(LifecycleEvent.INSTALL, e.failure() + ": " + e.getMessage());
                return failed(LifecycleEvent.INSTALL, started, e.failure(), e.getMessage(), null);
            }
        }

        private EventReport scripts(LifecycleEvent event, Instant started) {
            Path root;
            AppSpec spec;
            String revisionId;
            String sha256;
            String commit;
            if (event.runsPreviousRevision()) {
                InstallRecord installed;
                try {
                    Optional<InstallRecord> record = records.read(group);
                    if (record.isEmpty() || record.get().revisionRoot() == null) {
                        return new EventReport(event, EventStatus.SUCCEEDED, null, "no revision of this group is "
                                + "installed on this host yet: nothing to stop", null, started, clock.instant());
                    }
                    installed = record.get();
                } catch (InstallRecordDamagedException | IOException e) {
                    return ignorable(event, failed(event, started, FailureClass.UNKNOWN_ERROR, e.getMessage(), null));
                }
                root = installed.revisionRoot();
                if (!Files.isDirectory(root)) {
                    return ignorable(event, failed(event, started, FailureClass.UNKNOWN_ERROR, "the installed "
                            + "revision " + installed.revisionId() + " (deployment " + installed.deploymentId()
                            + ") is gone from " + root + ", so its " + event + " scripts cannot run; deploy with "
                            + "ignoreApplicationStopFailures to go on without them", null));
                }
                try {
                    spec = preparer.readInstalled(root, installed.appSpecFile());
                } catch (RevisionRefusedException e) {
                    return ignorable(event, failed(event, started, e.failure(), "the installed revision's AppSpec: "
                            + e.getMessage(), null));
                }
                revisionId = installed.revisionId();
                sha256 = installed.bundleSha256();
                commit = null;
                note(event, "running the scripts of the installed revision " + revisionId + " (deployment "
                        + installed.deploymentId() + ")");
            } else {
                root = revision.root();
                spec = revision.spec();
                revisionId = revision.revisionId();
                sha256 = revision.sha256();
                commit = request.bundleCommit();
            }
            List<HookScript> scripts = spec.scriptsFor(event);
            if (scripts.isEmpty()) {
                return new EventReport(event, EventStatus.SUCCEEDED, null, "no scripts for " + event, null, started,
                        clock.instant());
            }
            var environment = HookEnvironment.of(request, event.wireName(), revisionId, sha256, commit,
                    layout.root().toString());
            Integer lastExit = null;
            for (HookScript script : scripts) {
                note(event, "running " + script.location() + " (timeout " + script.timeout().toSeconds() + " s"
                        + (script.runas() == null ? "" : ", as " + script.runas()) + ")");
                ScriptResult result = hooks.run(new ScriptInvocation(event.wireName(), root, script.location(),
                        script.timeout(), script.runas(), environment, request.secrets()), line -> output(event, line),
                        cancellation, (pgid, token) -> journalHook(event, started, pgid, token));
                note(event, result.succeeded() ? result.message() : result.failure() + ": " + firstLine(result.message()));
                if (!result.succeeded()) {
                    return ignorable(event, failed(event, started, result.failure(), result.message(),
                            result.exitCode()));
                }
                lastExit = result.exitCode();
            }
            return new EventReport(event, EventStatus.SUCCEEDED, null, scripts.size() == 1
                    ? scripts.get(0).location() + " succeeded" : scripts.size() + " scripts succeeded", lastExit,
                    started, clock.instant());
        }

        /** Applies {@code ignoreApplicationStopFailures} to a failure of a stop event. */
        private EventReport ignorable(LifecycleEvent event, EventReport report) {
            if (report.status() != EventStatus.FAILED || !event.runsPreviousRevision()
                    || !request.ignoreApplicationStopFailures() || report.failure() == FailureClass.CANCELLED) {
                return report;
            }
            String warning = event + " failed but ignoreApplicationStopFailures is set, so the deployment goes on: "
                    + report.failure() + ": " + report.message();
            warnings.add(warning);
            note(event, "warning: " + firstLine(warning));
            return new EventReport(event, EventStatus.SUCCEEDED, null, warning, report.exitCode(),
                    report.startedAt(), report.endedAt());
        }

        private EventReport failed(LifecycleEvent event, Instant started, FailureClass failure, String message,
                Integer exitCode) {
            return new EventReport(event, EventStatus.FAILED, failure, mask.apply(message), exitCode, started,
                    clock.instant());
        }

        private boolean beginJournal(LifecycleEvent event, Instant started) {
            try {
                journal.begin(new InFlightEvent(group, request.deploymentId(), request.commandId(),
                        event.wireName(), started));
                return true;
            } catch (IOException e) {
                note(event, "cannot write the event journal: " + e);
                return false;
            }
        }

        private void journalHook(LifecycleEvent event, Instant started, long pgid, String token) {
            try {
                journal.begin(new InFlightEvent(group, request.deploymentId(), request.commandId(),
                        event.wireName(), started).runningHook(pgid, token));
            } catch (IOException e) {
                note(event, "cannot record the hook's process group " + pgid + " in the event journal: " + e
                        + "; if the agent dies now, a restart cannot stop this hook");
            }
        }

        private void clearJournal() {
            try {
                journal.clear(group);
            } catch (IOException e) {
                warnings.add("cannot clear the event journal: " + e + "; a restart may report this deployment's "
                        + "last event FAILED_AFTER_RESTART");
            }
        }

        private void prune() {
            Set<String> keep = new HashSet<>();
            keep.add(request.deploymentId());
            try {
                records.read(group).ifPresent(r -> keep.add(r.deploymentId()));
                retention.prune(group, keep);
            } catch (InstallRecordDamagedException e) {
                warnings.add("old revisions were not pruned: " + e.getMessage());
            } catch (IOException e) {
                warnings.add("old revisions were not pruned: " + e);
            }
        }

        /** Every line, the hooks' and the agent's own notes, is masked here before it is stored or sent. */
        private void output(LifecycleEvent event, OutputLine raw) {
            OutputLine line = mask.isEmpty() ? raw : new OutputLine(raw.at(), raw.stream(), raw.script(),
                    mask.apply(raw.text()));
            log.write(event.wireName(), line);
            listener.outputLine(event, line);
        }

        private void note(LifecycleEvent event, String text) {
            output(event, new OutputLine(clock.instant(), OutputLine.Stream.AGENT, "", text));
        }

        private String firstLine(String text) {
            int newline = text.indexOf('\n');
            return newline < 0 ? text : text.substring(0, newline) + " ...";
        }
    }
}
