package dev.hoist.agent.install;

import dev.hoist.protocol.deploy.FailureClass;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The Install event (appspec.md §3, steps 1-5): plan the copy and check {@code file_exists_behavior},
 * remove what the group's previous Install recorded, copy, apply permissions, record what was installed.
 *
 * <p>Invariants: nothing on the host is touched before the plan is known to be allowed (a
 * {@code FILE_EXISTS} failure leaves the installed revision in place); cleanup deletes only paths named
 * by a record whose checksum verifies; and whatever happens after cleanup starts, a record is written
 * that names every path this Install created, so the next Install can remove them.
 */
public final class Installer {

    private final InstallRecordStore records;
    private final PreviousInstallCleaner cleaner = new PreviousInstallCleaner();
    private final FileCopier copier = new FileCopier();
    private final PermissionApplier permissions;

    public Installer(InstallRecordStore records) {
        this(records, ExternalTools.fromEnvironment());
    }

    Installer(InstallRecordStore records, ExternalTools tools) {
        this.records = records;
        this.permissions = new PermissionApplier(tools);
    }

    /**
     * Installs the revision. {@code log} receives one line per notable step.
     *
     * @throws InstallException {@code FILE_EXISTS}, {@code APPSPEC_INVALID} for a source missing from the
     *     revision, or {@code UNKNOWN_ERROR} with what went wrong and what to do
     */
    public InstallRecord install(InstallRequest request, Consumer<String> log) throws InstallException {
        Optional<InstallRecord> previous = previous(request.groupId());
        Set<Path> previouslyInstalled = new HashSet<>();
        previous.ifPresent(r -> r.entries().forEach(e -> previouslyInstalled.add(e.path())));

        CopyPlan plan;
        try {
            plan = CopyPlan.build(request.revisionRoot(), request.spec().files(), request.effectiveBehavior(),
                    previouslyInstalled);
        } catch (IOException e) {
            throw new InstallException(FailureClass.UNKNOWN_ERROR, "cannot read the revision's files: " + e, e);
        }

        List<InstallRecord.Entry> created = new ArrayList<>();
        try {
            if (previous.isPresent()) {
                List<String> kept = cleaner.remove(previous.get().entries());
                log.accept("removed what deployment " + previous.get().deploymentId() + " installed ("
                        + previous.get().entries().size() + " paths)"
                        + (kept.isEmpty() ? "" : "; kept " + String.join(", ", kept)));
            }
            copier.copy(plan, created);
            log.accept("installed " + created.size() + " paths"
                    + (plan.retained().isEmpty() ? "" : "; kept the host's " + plan.retained()
                            + " (file_exists_behavior RETAIN)"));
            permissions.apply(request.spec().permissions(), created, log);
        } catch (IOException e) {
            recordPartial(request, previous, created, log);
            throw new InstallException(FailureClass.UNKNOWN_ERROR, "Install failed: " + describe(e), e);
        } catch (InstallException e) {
            recordPartial(request, previous, created, log);
            throw e;
        }
        InstallRecord record = new InstallRecord(request.deploymentId(), request.revisionId(),
                request.bundleSha256(), request.revisionRoot(), request.appSpecFile(), true, created);
        try {
            records.write(request.groupId(), record);
        } catch (IOException e) {
            throw new InstallException(FailureClass.UNKNOWN_ERROR, "installed the files but could not write the "
                    + "install record: " + describe(e) + "; the next Install will not remove them", e);
        }
        return record;
    }

    private Optional<InstallRecord> previous(String groupId) throws InstallException {
        try {
            return records.read(groupId);
        } catch (InstallRecordDamagedException e) {
            throw new InstallException(FailureClass.UNKNOWN_ERROR, e.getMessage(), e);
        } catch (IOException e) {
            throw new InstallException(FailureClass.UNKNOWN_ERROR, "cannot read the install record: "
                    + describe(e), e);
        }
    }

    /** Keeps the previous revision as "installed" and lists what this attempt created. */
    private void recordPartial(InstallRequest request, Optional<InstallRecord> previous,
            List<InstallRecord.Entry> created, Consumer<String> log) {
        InstallRecord partial = previous
                .map(p -> new InstallRecord(p.deploymentId(), p.revisionId(), p.bundleSha256(), p.revisionRoot(),
                        p.appSpecFile(), false, created))
                .orElseGet(() -> new InstallRecord("", "", "", null, "", false, created));
        try {
            records.write(request.groupId(), partial);
        } catch (IOException e) {
            log.accept("could not record the " + created.size() + " paths this failed Install created: "
                    + describe(e));
        }
    }

    private static String describe(IOException e) {
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }
}
