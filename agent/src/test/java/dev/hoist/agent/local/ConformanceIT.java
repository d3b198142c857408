package dev.hoist.agent.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The public AppSpec conformance suite ({@code ../shared/conformance/run}) against the built agent
 * ({@code scripts/hoist-agent}, which needs {@code agent/target/hoist-agent.jar} from {@code package}).
 */
class ConformanceIT {

    @TempDir
    Path temp;

    @Test
    void everyPublicCasePasses() throws Exception {
        Path project = projectRoot();
        Path conformance = project.resolve("../shared/conformance").normalize();
        assumeTrue(Files.isRegularFile(conformance.resolve("run")),
                "the shared conformance suite is not next to this checkout (" + conformance + ")");
        assertThat(project.resolve("agent/target/hoist-agent.jar")).as("built by the package phase").exists();

        // The cases' file modes are part of what they test. Where the shared folder is mounted read-only
        // its files lose their owner-write bit, which a git checkout has; a copy with it restored runs as
        // a clean checkout would.
        Path suite = copyWithOwnerWrite(conformance, temp.resolve("conformance"));
        Process process = new ProcessBuilder("python3", suite.resolve("run").toString(),
                "--agent", project.resolve("scripts/hoist-agent").toString())
                .directory(project.toFile())
                .redirectErrorStream(true)
                .start();
        String output;
        try {
            output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.waitFor(10, TimeUnit.MINUTES)).as("the suite finishes").isTrue();
        } finally {
            process.destroyForcibly();
        }

        List<String> lines = output.lines().toList();
        assertThat(lines).as(output).isNotEmpty();
        assertThat(lines.get(lines.size() - 1)).as(output).matches("conformance: [1-9][0-9]* passed, 0 failed");
        assertThat(lines).as(output).noneMatch(l -> l.startsWith("FAIL"));
        assertThat(process.exitValue()).as(output).isZero();
    }

    private static Path projectRoot() {
        String configured = System.getProperty("hoist.project.root");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured).toAbsolutePath().normalize();
        }
        return Path.of("").toAbsolutePath().getParent();
    }

    private static Path copyWithOwnerWrite(Path from, Path to) throws IOException {
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                Path target = to.resolve(from.relativize(dir).toString());
                Files.createDirectories(target);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Path target = to.resolve(from.relativize(file).toString());
                Files.copy(file, target, StandardCopyOption.COPY_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
                if (!attrs.isSymbolicLink()) {
                    addOwnerWrite(target);
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                Path target = to.resolve(from.relativize(dir).toString());
                Set<PosixFilePermission> mode = EnumSet.copyOf(Files.getPosixFilePermissions(dir));
                Files.setPosixFilePermissions(target, mode);
                addOwnerWrite(target);
                return FileVisitResult.CONTINUE;
            }
        });
        return to;
    }

    private static void addOwnerWrite(Path path) throws IOException {
        Set<PosixFilePermission> mode = EnumSet.copyOf(Files.getPosixFilePermissions(path));
        mode.add(PosixFilePermission.OWNER_WRITE);
        Files.setPosixFilePermissions(path, mode);
    }
}
