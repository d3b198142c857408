package dev.hoist.agent.install;

import dev.hoist.protocol.appspec.FileExistsBehavior;
import dev.hoist.protocol.appspec.FileMapping;
import dev.hoist.protocol.deploy.FailureClass;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Install steps 2 and 3 decided before anything is touched: every source entry paired with its target,
 * and, for targets already on the host that the previous Install did not put there, what
 * {@code file_exists_behavior} says to do. A {@code DISALLOW} conflict thus fails the Install before
 * cleanup removes the installed revision.
 */
final class CopyPlan {

    /** One thing to create; {@code replace} when an existing host file is overwritten. */
    record Step(Path source, Path target, InstallRecord.Kind kind, boolean replace) {
    }

    private final List<Step> steps;
    private final List<Path> retained;

    private CopyPlan(List<Step> steps, List<Path> retained) {
        this.steps = steps;
        this.retained = retained;
    }

    List<Step> steps() {
        return steps;
    }

    /** Host files kept because of {@code RETAIN}. */
    List<Path> retained() {
        return retained;
    }

    /**
     * @param previouslyInstalled paths the previous Install of the group recorded (they are removed
     *     first, so they are not conflicts)
     */
    static CopyPlan build(Path revisionRoot, List<FileMapping> mappings, FileExistsBehavior behavior,
            Set<Path> previouslyInstalled) throws IOException, InstallException {
        Map<Path, Step> byTarget = new HashMap<>();
        List<Step> ordered = new ArrayList<>();
        for (int i = 0; i < mappings.size(); i++) {
            FileMapping mapping = mappings.get(i);
            Path source = revisionRoot.resolve(mapping.source()).normalize();
            if (!source.startsWith(revisionRoot) || !Files.exists(source, LinkOption.NOFOLLOW_LINKS)) {
                throw new InstallException(FailureClass.APPSPEC_INVALID,
                        "files[" + i + "].source '/" + mapping.source() + "' does not exist in the revision");
            }
            Path destination = Path.of(mapping.destination()).toAbsolutePath().normalize();
            for (Step step : stepsFor(source, destination)) {
                Step earlier = byTarget.put(step.target(), step);
                if (earlier != null && step.kind() != InstallRecord.Kind.DIRECTORY) {
                    throw new InstallException(FailureClass.APPSPEC_INVALID,
                            "two files entries install to " + step.target() + " (from " + earlier.source()
                                    + " and " + step.source() + "); give each its own destination");
                }
                if (earlier == null) {
                    ordered.add(step);
                }
            }
        }
        return resolveConflicts(ordered, behavior, previouslyInstalled);
    }

    private static List<Step> stepsFor(Path source, Path destination) throws IOException {
        List<Step> steps = new ArrayList<>();
        if (!Files.isDirectory(source, LinkOption.NOFOLLOW_LINKS)) {
            steps.add(new Step(source, destination.resolve(source.getFileName().toString()),
                    kindOf(source), false));
            return steps;
        }
        Files.walkFileTree(source, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                if (!dir.equals(source)) {
                    steps.add(new Step(dir, destination.resolve(source.relativize(dir).toString()),
                            InstallRecord.Kind.DIRECTORY, false));
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                steps.add(new Step(file, destination.resolve(source.relativize(file).toString()),
                        attrs.isSymbolicLink() ? InstallRecord.Kind.SYMLINK : InstallRecord.Kind.FILE, false));
                return FileVisitResult.CONTINUE;
            }
        });
        return steps;
    }

    private static InstallRecord.Kind kindOf(Path source) {
        return Files.isSymbolicLink(source) ? InstallRecord.Kind.SYMLINK : InstallRecord.Kind.FILE;
    }

    private static CopyPlan resolveConflicts(List<Step> planned, FileExistsBehavior behavior,
            Set<Path> previouslyInstalled) throws InstallException {
        List<Step> steps = new ArrayList<>();
        List<Path> retained = new ArrayList<>();
        List<Path> disallowed = new ArrayList<>();
        Path skippedTree = null;
        for (Step step : planned) {
            Path target = step.target();
            if (skippedTree != null && target.startsWith(skippedTree)) {
                continue;
            }
            boolean exists = Files.exists(target, LinkOption.NOFOLLOW_LINKS);
            boolean isDirectory = Files.isDirectory(target);
            if (!exists || previouslyInstalled.contains(target)
                    || (step.kind() == InstallRecord.Kind.DIRECTORY && isDirectory)) {
                steps.add(step);
                continue;
            }
            switch (behavior) {
                case DISALLOW -> disallowed.add(target);
                case RETAIN -> {
                    retained.add(target);
                    if (step.kind() == InstallRecord.Kind.DIRECTORY) {
                        skippedTree = target;
                    }
                }
                case OVERWRITE -> {
                    if (isDirectory && !Files.isSymbolicLink(target)) {
                        throw new InstallException(FailureClass.FILE_EXISTS,
                                "cannot overwrite " + target + ": it is a directory on the host and a file in "
                                        + "the revision; remove it or change the destination");
                    }
                    steps.add(new Step(step.source(), target, step.kind(), true));
                }
                default -> throw new IllegalStateException("unhandled behaviour " + behavior);
            }
        }
        if (!disallowed.isEmpty()) {
            StringBuilder message = new StringBuilder();
            if (disallowed.size() == 1) {
                message.append(disallowed.get(0)).append(" exists already and was");
            } else {
                message.append(disallowed.size()).append(" files exist already (");
                for (int i = 0; i < Math.min(disallowed.size(), 5); i++) {
                    message.append(i == 0 ? "" : ", ").append(disallowed.get(i));
                }
                message.append(disallowed.size() > 5 ? ", ...) and were" : ") and were");
            }
            message.append(" not installed by an earlier deployment of this group; set file_exists_behavior "
                    + "in the AppSpec (or --file-exists-behavior) to OVERWRITE or RETAIN, or remove it from the host");
            throw new InstallException(FailureClass.FILE_EXISTS, message.toString());
        }
        return new CopyPlan(steps, retained);
    }
}
