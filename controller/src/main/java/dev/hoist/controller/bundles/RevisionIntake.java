package dev.hoist.controller.bundles;

import dev.hoist.controller.artifacts.BlobStore;
import dev.hoist.controller.core.Refusal;
import dev.hoist.controller.core.Secrets;
import dev.hoist.controller.core.deploy.AgentDistributions;
import dev.hoist.controller.core.deploy.ApplicationStore;
import dev.hoist.controller.core.deploy.DeploymentGroup;
import dev.hoist.controller.core.deploy.DeploymentGroupStore;
import dev.hoist.controller.core.deploy.Revision;
import dev.hoist.controller.core.deploy.RevisionStore;
import dev.hoist.protocol.appspec.AppSpecParser;
import dev.hoist.protocol.appspec.AppSpecProblem;
import dev.hoist.protocol.appspec.BundleAppSpecCheck;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Takes a pushed bundle in: streams it into the {@link BlobStore} under the upload limit, checks that
 * it is a tar.gz an agent can safely unpack and that its AppSpec is valid for its contents (the same
 * check as {@code hoist push} and the agent), and records a revision. A refused bundle that this push
 * stored is removed again, so nothing refused is kept; bundles are shared by digest, so the same bytes
 * pushed twice are stored once, while each push records its own revision.
 */
public final class RevisionIntake {
    public static final int MAX_DESCRIPTION_LENGTH = 1000;
    private static final Pattern COMMIT = Pattern.compile("[0-9A-Za-z._/-]{1,64}");

    private final BlobStore bundles;
    private final BundleInspector inspector;
    private final BundleAppSpecCheck appSpecCheck = new BundleAppSpecCheck();
    private final AppSpecParser parser = new AppSpecParser();
    private final ApplicationStore applications;
    private final RevisionStore revisions;
    private final DeploymentGroupStore groups;
    private final long maxUploadBytes;
    private final Clock clock;

    public RevisionIntake(BlobStore bundles, BundleInspector inspector, ApplicationStore applications,
            RevisionStore revisions, DeploymentGroupStore groups, long maxUploadBytes, Clock clock) {
        this.bundles = bundles;
        this.inspector = inspector;
        this.applications = applications;
        this.revisions = revisions;
        this.groups = groups;
        this.maxUploadBytes = maxUploadBytes;
        this.clock = clock;
    }

    /**
     * @param declaredLength the request's Content-Length, or -1 when it has none
     * @throws Refusal {@code APPLICATION_NOT_FOUND}, {@code INVALID_DESCRIPTION}, {@code INVALID_COMMIT},
     *     {@code BUNDLE_TOO_LARGE}, {@code BUNDLE_INCOMPLETE}, {@code BUNDLE_INVALID} or {@code APPSPEC_INVALID}
     */
    public Pushed push(String application, InputStream body, long declaredLength, String description, String commit,
            String pushedBy) throws IOException {
        return push(application, body, declaredLength, description, commit, pushedBy, null);
    }

    /**
     * As {@link #push(String, InputStream, long, String, String, String)}, signed with {@code signature} when it
     * is not null: checked against the stored bundle before the revision is kept (also {@code SIGNATURE_INVALID}).
     */
    public Pushed push(String application, InputStream body, long declaredLength, String description, String commit,
            String pushedBy, OfferedSignature signature) throws IOException {
        if (applications.find(application).isEmpty()) {
            throw Refusal.notFound("APPLICATION_NOT_FOUND", "no application named '" + application
                    + "'; create it with: hoist app create " + application, Map.of("application", application));
        }
        if (AgentDistributions.isAgentApplication(application)) {
            throw Refusal.invalid("RESERVED_APPLICATION", "'" + application + "' holds agent distributions for hoist "
                    + "agent upgrade, not AppSpec bundles: register a distribution with hoist agent dist push FILE, or "
                    + "push this bundle to an application of its own", Map.of("application", application));
        }
        checkDescription(description);
        checkCommit(commit);
        if (declaredLength > maxUploadBytes) {
            throw tooLarge(declaredLength);
        }
        BlobStore.Stored stored = store(body, declaredLength);
        try {
            List<String> warnings = validate(application, stored);
            OfferedSignature.Checked signed = signature == null ? null : signature.check(application, stored.sha256());
            Revision revision = new Revision(Secrets.newId("rev-"), application, stored.sha256(), stored.sizeBytes(),
                    "tgz", blankToNull(description), blankToNull(commit), clock.instant(), pushedBy,
                    signed == null ? null : signed.signature(), signed == null ? null : signed.keyId());
            revisions.insert(revision);
            return new Pushed(revision, warnings, stored.alreadyStored());
        } catch (RuntimeException e) {
            if (!stored.alreadyStored()) {
                try {
                    bundles.delete(stored.sha256());
                } catch (IOException removal) {
                    e.addSuppressed(removal);
                }
            }
            throw e;
        }
    }

    private BlobStore.Stored store(InputStream body, long declaredLength) throws IOException {
        BlobStore.Stored stored;
        CountingStream counted = new CountingStream(body);
        try {
            stored = bundles.put(counted, maxUploadBytes, null);
        } catch (BlobStore.BlobTooLargeException e) {
            throw tooLarge(-1);
        } catch (BlobStore.BlobStoreUnavailableException e) {
            throw storeUnavailable(e);
        } catch (EOFException e) {
            throw incomplete(counted.count(), declaredLength, "the upload ended");
        } catch (IOException e) {
            if (!isTimeout(e)) {
                throw e;
            }
            throw incomplete(counted.count(), declaredLength, "no more of the upload arrived (the client stopped "
                    + "sending)");
        }
        if (declaredLength >= 0 && stored.sizeBytes() < declaredLength) {
            forgetIfNew(stored);
            throw incomplete(stored.sizeBytes(), declaredLength, "the upload ended");
        }
        if (stored.sizeBytes() == 0) {
            forgetIfNew(stored);
            throw Refusal.invalid("BUNDLE_INVALID", "the request body is empty; send the bundle (a tar.gz) as the "
                    + "body, e.g. with: hoist push --app APP --source DIR", Map.of());
        }
        return stored;
    }

    /** A refused upload leaves nothing behind, unless the same bytes were already stored for another revision. */
    private void forgetIfNew(BlobStore.Stored stored) throws IOException {
        if (!stored.alreadyStored()) {
            bundles.delete(stored.sha256());
        }
    }

    private static Refusal incomplete(long received, long declaredLength, String what) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("receivedBytes", received);
        if (declaredLength >= 0) {
            details.put("declaredBytes", declaredLength);
        }
        return Refusal.invalid("BUNDLE_INCOMPLETE", what + " after " + received + " bytes"
                + (declaredLength >= 0 ? " of the " + declaredLength + " its Content-Length declares" : "")
                + "; nothing was stored: send the whole bundle again", details);
    }

    private static boolean isTimeout(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof java.util.concurrent.TimeoutException
                    || cause instanceof java.net.SocketTimeoutException) {
                return true;
            }
        }
        return false;
    }

    /** Counts the bytes read, for the message of an incomplete upload. */
    private static final class CountingStream extends java.io.FilterInputStream {
        private long count;

        CountingStream(InputStream in) {
            super(in);
        }

        long count() {
            return count;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                count += n;
            }
            return n;
        }
    }

    private List<String> validate(String application, BlobStore.Stored stored) {
        BundleInspector.Listing listing;
        try (InputStream stream = bundles.open(stored.sha256(), 0, -1)) {
            listing = inspector.inspect(stream, stored.sha256());
        } catch (BlobStore.BlobStoreUnavailableException e) {
            throw storeUnavailable(e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read bundle " + stored.sha256() + " back from the artifact store ("
                    + bundles.location() + ") right after it was written", e);
        } catch (BundleInvalidException e) {
            Map<String, Object> details = new LinkedHashMap<>();
            if (e.entry() != null) {
                details.put("entry", e.entry());
            }
            throw new Refusal(Refusal.Kind.UNPROCESSABLE, "BUNDLE_INVALID", "bundle refused: " + e.getMessage(),
                    details);
        }
        BundleAppSpecCheck.Result result = appSpecCheck.check(listing.paths(), listing.appSpecCandidates());
        if (!result.ok()) {
            List<String> problems = result.errors().stream().map(AppSpecProblem::toString).toList();
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("problems", problems);
            if (result.appSpecFile() != null) {
                details.put("appSpecFile", result.appSpecFile());
            }
            throw new Refusal(Refusal.Kind.UNPROCESSABLE, "APPSPEC_INVALID", "the bundle's AppSpec has "
                    + problems.size() + (problems.size() == 1 ? " problem: " : " problems; the first: ")
                    + problems.get(0), details);
        }
        List<String> warnings = new ArrayList<>();
        result.warnings().forEach(warning -> warnings.add(warning.toString()));
        String fileName = Path.of(result.appSpecFile()).getFileName().toString();
        for (DeploymentGroup group : groups.list(application)) {
            for (AppSpecProblem over : parser.checkTimeoutLimit(fileName, result.spec(), group.scriptTimeoutLimit())) {
                warnings.add("deployment group '" + group.name() + "': " + over);
            }
        }
        return warnings;
    }

    static Refusal storeUnavailable(BlobStore.BlobStoreUnavailableException e) {
        return new Refusal(Refusal.Kind.UNAVAILABLE, "ARTIFACT_STORE_UNAVAILABLE", e.getMessage()
                + "; nothing was stored: fix the store (bundles.s3 in the controller's configuration) and push again",
                Map.of());
    }

    private Refusal tooLarge(long declaredLength) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("maxBytes", maxUploadBytes);
        if (declaredLength >= 0) {
            details.put("bytes", declaredLength);
        }
        return new Refusal(Refusal.Kind.TOO_LARGE, "BUNDLE_TOO_LARGE", "the bundle is larger than the upload "
                + "limit of " + maxUploadBytes + " bytes; make it smaller or raise bundles.maxUploadBytes in the "
                + "controller's configuration", details);
    }

    private static void checkDescription(String description) {
        if (description != null && (description.length() > MAX_DESCRIPTION_LENGTH
                || description.chars().anyMatch(c -> Character.isISOControl(c) && c != '\n' && c != '\t'))) {
            throw Refusal.invalid("INVALID_DESCRIPTION", "the description must be text of at most "
                    + MAX_DESCRIPTION_LENGTH + " characters without control characters (it has "
                    + description.length() + ")", Map.of("length", description.length()));
        }
    }

    private static void checkCommit(String commit) {
        if (commit != null && !commit.isEmpty() && !COMMIT.matcher(commit).matches()) {
            throw Refusal.invalid("INVALID_COMMIT", "commit '" + commit + "' is not a commit id or ref: use 1 to 64 "
                    + "letters, digits, '.', '_', '/' or '-', e.g. a git SHA", Map.of("commit", commit));
        }
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text;
    }

    /**
     * @param warnings AppSpec warnings (unknown keys, ...) and event timeouts above a group's limit
     * @param bundleReused {@code true} when the same bytes were pushed before and their stored file reused
     */
    public record Pushed(Revision revision, List<String> warnings, boolean bundleReused) {
        public Pushed {
            warnings = List.copyOf(warnings);
        }
    }
}
