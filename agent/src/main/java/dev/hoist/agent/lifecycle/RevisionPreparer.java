package dev.hoist.agent.lifecycle;

import dev.hoist.agent.bundle.BundleException;
import dev.hoist.agent.bundle.BundleExtractor;
import dev.hoist.agent.bundle.BundleType;
import dev.hoist.protocol.appspec.AppSpec;
import dev.hoist.protocol.appspec.AppSpecParser;
import dev.hoist.protocol.appspec.AppSpecProblem;
import dev.hoist.protocol.deploy.FailureClass;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The DownloadBundle step: keeps the bundle in the deployment directory, verifies and unpacks it
 * (through {@link BundleExtractor}, which owns the hostile-input rules), finds the AppSpec file and
 * validates it against the revision's contents. It also reads the AppSpec of an installed revision for
 * the events that stop it.
 */
public final class RevisionPreparer {

    /** The AppSpec names tried, in order, when a deployment names none (appspec.md §1). */
    public static final List<String> DEFAULT_APPSPEC_FILES = AppSpecParser.FILE_NAMES;

    private final BundleExtractor extractor;
    private final AppSpecParser parser;

    public RevisionPreparer(BundleExtractor extractor, AppSpecParser parser) {
        this.extractor = extractor;
        this.parser = parser;
    }

    /**
     * @param bundleCopy where the bundle file is kept ({@code <deployment>/bundle})
     * @param archive where it is unpacked; must not exist yet
     */
    public PreparedRevision prepare(DeploymentRequest request, Path bundleCopy, Path archive)
            throws RevisionRefusedException {
        Path bundle = request.bundle();
        if (!Files.exists(bundle)) {
            throw new RevisionRefusedException(FailureClass.BUNDLE_INVALID, "the bundle " + bundle + " does not exist");
        }
        Path source = bundle;
        try {
            if (request.bundleType() != BundleType.DIRECTORY) {
                if (!Files.isRegularFile(bundle)) {
                    throw new RevisionRefusedException(FailureClass.BUNDLE_INVALID, "the bundle " + bundle
                            + " is not a file, but its type is " + request.bundleType().name().toLowerCase()
                            + "; use --type directory for a directory");
                }
                if (!bundle.toAbsolutePath().normalize().equals(bundleCopy.toAbsolutePath().normalize())) {
                    Files.createDirectories(bundleCopy.getParent());
                    Files.copy(bundle, bundleCopy, StandardCopyOption.REPLACE_EXISTING);
                }
                source = bundleCopy;
            }
        } catch (IOException e) {
            throw new RevisionRefusedException(FailureClass.UNKNOWN_ERROR, "cannot keep a copy of the bundle in "
                    + bundleCopy + ": " + e);
        }
        BundleExtractor.ExtractedBundle extracted;
        try {
            extracted = extractor.extract(source, request.bundleType(), archive, request.expectedSha256());
        } catch (BundleException e) {
            throw new RevisionRefusedException(e.failure(), e.getMessage());
        } catch (RuntimeException e) {
            throw new RevisionRefusedException(FailureClass.UNKNOWN_ERROR, "unpacking the bundle failed: " + e);
        }
        String revisionId = request.revisionId() != null ? request.revisionId()
                : "r-" + extracted.sha256().substring(0, Math.min(12, extracted.sha256().length()));
        String appSpecFile = findAppSpec(extracted.root(), request.appSpecFile());
        List<String> warnings = new ArrayList<>();
        AppSpec spec = parse(extracted.root(), appSpecFile, true, warnings);
        return new PreparedRevision(revisionId, extracted.sha256(), extracted.root(), appSpecFile, spec, warnings);
    }

    /** Reads the AppSpec of a revision unpacked earlier (its bundle was validated when it was deployed). */
    public AppSpec readInstalled(Path root, String appSpecFile) throws RevisionRefusedException {
        return parse(root, appSpecFile, false, new ArrayList<>());
    }

    private AppSpec parse(Path root, String appSpecFile, boolean checkContents, List<String> warnings)
            throws RevisionRefusedException {
        String text;
        try {
            byte[] bytes = Files.readAllBytes(root.resolve(appSpecFile));
            text = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new RevisionRefusedException(FailureClass.APPSPEC_INVALID, appSpecFile
                    + ": the file is not valid UTF-8 text");
        } catch (IOException e) {
            throw new RevisionRefusedException(FailureClass.APPSPEC_INVALID, appSpecFile + ": cannot be read ("
                    + e + ")");
        }
        AppSpecParser.Result result;
        try {
            result = parser.parse(appSpecFile, text);
        } catch (RuntimeException e) {
            throw new RevisionRefusedException(FailureClass.UNKNOWN_ERROR, appSpecFile + ": the AppSpec parser "
                    + "failed: " + e);
        }
        if (!result.ok()) {
            throw new RevisionRefusedException(FailureClass.APPSPEC_INVALID, join(result.errors()));
        }
        result.warnings().forEach(w -> warnings.add(w.toString()));
        AppSpec spec = result.spec();
        if (!"linux".equals(spec.os())) {
            throw new RevisionRefusedException(FailureClass.APPSPEC_INVALID, appSpecFile + ": os: '" + spec.os()
                    + "' cannot be deployed by this Linux agent; valid: linux");
        }
        if (checkContents) {
            List<AppSpecProblem> missing;
            try {
                missing = parser.checkAgainstBundle(appSpecFile, spec, contents(root));
            } catch (IOException e) {
                throw new RevisionRefusedException(FailureClass.UNKNOWN_ERROR, "cannot list the revision: " + e);
            } catch (RuntimeException e) {
                throw new RevisionRefusedException(FailureClass.UNKNOWN_ERROR, appSpecFile
                        + ": the AppSpec check failed: " + e);
            }
            List<AppSpecProblem> errors = missing.stream()
                    .filter(p -> p.severity() == AppSpecProblem.Severity.ERROR).toList();
            if (!errors.isEmpty()) {
                throw new RevisionRefusedException(FailureClass.APPSPEC_INVALID, join(errors));
            }
            missing.stream().filter(p -> p.severity() == AppSpecProblem.Severity.WARNING)
                    .forEach(w -> warnings.add(w.toString()));
        }
        return spec;
    }

    private static String findAppSpec(Path root, String requested) throws RevisionRefusedException {
        List<String> candidates = requested != null ? List.of(requested) : DEFAULT_APPSPEC_FILES;
        for (String name : candidates) {
            Path file = root.resolve(name).normalize();
            if (file.startsWith(root) && Files.isRegularFile(file)) {
                return name;
            }
        }
        Set<String> found = new TreeSet<>();
        try (Stream<Path> entries = Files.list(root)) {
            entries.limit(20).forEach(p -> found.add(p.getFileName() + (Files.isDirectory(p) ? "/" : "")));
        } catch (IOException e) {
            // the listing only enriches the message
        }
        throw new RevisionRefusedException(FailureClass.APPSPEC_INVALID, "the revision has no "
                + String.join(" or ", candidates) + " at its root (found: "
                + (found.isEmpty() ? "nothing" : String.join(", ", found)) + "); the AppSpec file must be at the "
                + "top of the bundle, or in its only top-level directory");
    }

    /** Every path of the revision, relative, directories with a trailing slash (the parser's convention). */
    private static Set<String> contents(Path root) throws IOException {
        Set<String> paths = new TreeSet<>();
        try (Stream<Path> walk = Files.walk(root)) {
            walk.filter(p -> !p.equals(root)).forEach(p -> paths.add(root.relativize(p).toString()
                    + (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS) ? "/" : "")));
        }
        return paths;
    }

    private static String join(List<AppSpecProblem> problems) {
        StringBuilder text = new StringBuilder();
        for (AppSpecProblem problem : problems) {
            if (text.length() > 0) {
                text.append('\n');
            }
            text.append(problem);
        }
        return text.toString();
    }
}
