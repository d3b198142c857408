package dev.hoist.controller.agentupgrade;

import dev.hoist.controller.artifacts.BlobStore;
import dev.hoist.controller.core.Refusal;
import dev.hoist.controller.core.Secrets;
import dev.hoist.controller.core.deploy.AgentDistributions;
import dev.hoist.controller.core.deploy.Application;
import dev.hoist.controller.core.deploy.ApplicationStore;
import dev.hoist.controller.core.deploy.Revision;
import dev.hoist.controller.core.deploy.RevisionStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * The agent distributions upgrades can deploy: revisions of the built-in application
 * {@value AgentDistributions#APPLICATION}, their bundles in the artifact store like any revision's. A
 * distribution's version is what its own {@code hoist-agent/VERSION} says (the file the agent reads to report
 * its version), read once per bundle and kept in memory: the tarball is the one source of truth, so no
 * table can disagree with it.
 */
public final class DistributionCatalog implements AgentDistributions {
    /** Versions travel in commands, file names and shell lines: nothing that needs quoting. */
    private static final Pattern VERSION = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._+~-]{0,63}");
    /** make-dist sorts the tarball by name: VERSION and ARCH come before the runtime's thousands of files. */
    private static final int MAX_ENTRIES_SCANNED = 64;

    private final BlobStore blobs;
    private final ApplicationStore applications;
    private final RevisionStore revisions;
    private final long maxBytes;
    private final Clock clock;
    private final Map<String, Contents> bySha256 = new ConcurrentHashMap<>();

    public DistributionCatalog(BlobStore blobs, ApplicationStore applications, RevisionStore revisions, long maxBytes,
            Clock clock) {
        this.blobs = blobs;
        this.applications = applications;
        this.revisions = revisions;
        this.maxBytes = maxBytes;
        this.clock = clock;
    }

    /** A distribution: its revision, and the version and architecture it holds. */
    public record Distribution(Revision revision, String version, String architecture) {
    }

    /** What a distribution's tarball says about itself. */
    record Contents(String version, String architecture) {
    }

    @Override
    public Optional<String> version(Revision revision) {
        if (!AgentDistributions.isAgentApplication(revision.application())) {
            return Optional.empty();
        }
        try {
            return Optional.of(contents(revision.sha256()).version());
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Every registered distribution, newest first. */
    public List<Distribution> list() {
        List<Distribution> found = new ArrayList<>();
        for (Revision revision : revisions.list(APPLICATION, 1000)) {
            try {
                Contents contents = contents(revision.sha256());
                found.add(new Distribution(revision, contents.version(), contents.architecture()));
            } catch (IOException | RuntimeException e) {
                // a bundle the store lost or never finished: not a distribution anyone can deploy
            }
        }
        return found;
    }

    /** The newest registered distribution of {@code version}. */
    public Optional<Distribution> find(String version) {
        return list().stream().filter(d -> d.version().equals(version)).findFirst();
    }

    /**
     * Stores {@code tarball} and records it as a revision of {@value AgentDistributions#APPLICATION}, or finds the
     * revision that holds the same bytes already.
     *
     * @throws Refusal {@code AGENT_DISTRIBUTION_INVALID} when it is not an agent distribution (no
     *     {@code hoist-agent/VERSION}, a version that is not a plain word), {@code BUNDLE_TOO_LARGE}
     */
    public Distribution register(InputStream tarball, String description, String createdBy) throws IOException {
        BlobStore.Stored stored;
        try {
            stored = blobs.put(tarball, maxBytes, null);
        } catch (BlobStore.BlobTooLargeException e) {
            throw Refusal.invalid("BUNDLE_TOO_LARGE", "the agent distribution is larger than bundles.maxUploadBytes ("
                    + maxBytes + " bytes); raise it in the controller's configuration", Map.of("limit", maxBytes));
        }
        Contents contents;
        try {
            contents = contents(stored.sha256());
        } catch (IOException | RuntimeException e) {
            if (!stored.alreadyStored()) {
                blobs.delete(stored.sha256());
            }
            throw Refusal.invalid("AGENT_DISTRIBUTION_INVALID", "this is not an agent distribution: " + e.getMessage()
                    + "; upload the tarball agent/src/dist/make-dist builds (agent/target/hoist-agent-linux-ARCH.tar.gz)",
                    Map.of("sha256", stored.sha256()));
        }
        ensureApplication(createdBy);
        for (Revision revision : revisions.list(APPLICATION, 1000)) {
            if (revision.sha256().equals(stored.sha256())) {
                return new Distribution(revision, contents.version(), contents.architecture());
            }
        }
        Revision revision = new Revision(Secrets.newId("rev-"), APPLICATION, stored.sha256(), stored.sizeBytes(), "tgz",
                description != null ? description : "hoist-agent " + contents.version() + " (linux-"
                        + contents.architecture() + ")", null, clock.instant(), createdBy);
        revisions.insert(revision);
        return new Distribution(revision, contents.version(), contents.architecture());
    }

    /** Creates the built-in application on first use. */
    void ensureApplication(String createdBy) {
        if (applications.find(APPLICATION).isEmpty()) {
            applications.insert(new Application(APPLICATION, clock.instant(), createdBy));
        }
    }

    private Contents contents(String sha256) throws IOException {
        Contents known = bySha256.get(sha256);
        if (known != null) {
            return known;
        }
        Contents read = read(sha256);
        bySha256.put(sha256, read);
        return read;
    }

    private Contents read(String sha256) throws IOException {
        String version = null;
        String architecture = null;
        try (InputStream in = blobs.open(sha256, 0, -1);
                TarArchiveInputStream tar = new TarArchiveInputStream(new GZIPInputStream(in, 1 << 16))) {
            TarArchiveEntry entry;
            int scanned = 0;
            while ((entry = tar.getNextEntry()) != null && scanned++ < MAX_ENTRIES_SCANNED
                    && (version == null || architecture == null)) {
                if (!entry.isFile() || entry.getSize() > 256) {
                    continue;
                }
                if (entry.getName().equals("hoist-agent/VERSION")) {
                    version = new String(tar.readNBytes((int) entry.getSize()), StandardCharsets.UTF_8).trim();
                } else if (entry.getName().equals("hoist-agent/ARCH")) {
                    architecture = new String(tar.readNBytes((int) entry.getSize()), StandardCharsets.UTF_8).trim();
                }
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        if (version == null) {
            throw new IOException("it holds no hoist-agent/VERSION among its first entries");
        }
        if (!VERSION.matcher(version).matches()) {
            throw new IOException("its version '" + version + "' is not 1 to 64 letters, digits, '.', '_', '+', '~' "
                    + "or '-'");
        }
        return new Contents(version, architecture == null ? "x86_64" : architecture);
    }
}
