package dev.hoist.agent.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The public AppSpec conformance suite ({@code ../shared/conformance/run}) against the built agent
 * ({@code scripts/hoist-agent}, which needs {@code agent/target/hoist-agent.jar} from {@code package}),
 * run exactly as a user would run it: {@code ../shared/conformance/run --agent scripts/hoist-agent}.
 */
class ConformanceIT {

    @Test
    void everyPublicCasePasses() throws Exception {
        Path project = projectRoot();
        Path conformance = project.resolve("../shared/conformance").normalize();
        assumeTrue(Files.isRegularFile(conformance.resolve("run")),
                "the shared conformance suite is not next to this checkout (" + conformance + ")");
        assertThat(project.resolve("agent/target/hoist-agent.jar")).as("built by the package phase").exists();

        Process process = new ProcessBuilder("python3", conformance.resolve("run").toString(),
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
}
