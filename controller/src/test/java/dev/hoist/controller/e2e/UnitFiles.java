package dev.hoist.controller.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Checks systemd unit files installed into a throwaway root with {@code systemd-analyze verify}. */
final class UnitFiles {
    private UnitFiles() {
    }

    /**
     * Runs {@code systemd-analyze verify --root=ROOT UNIT} and returns what it printed (warnings included:
     * an unknown key or a missing {@code ExecStart} program is only a warning to it). The root gets a
     * copy of this machine's system units first, so that the targets a unit names exist.
     */
    static String verify(Path root, String unit) throws IOException, InterruptedException {
        Path units = root.resolve("usr/lib/systemd/system");
        if (!Files.isDirectory(units)) {
            Files.createDirectories(units.getParent());
            Process copy = new ProcessBuilder("cp", "-r", "/usr/lib/systemd/system", units.getParent().toString())
                    .inheritIO().start();
            assertThat(copy.waitFor(60, TimeUnit.SECONDS) && copy.exitValue() == 0)
                    .as("copy of /usr/lib/systemd/system").isTrue();
        }
        Path out = Files.createTempFile("verify", ".txt");
        try {
            Process verify = new ProcessBuilder("systemd-analyze", "verify", "--root=" + root, unit)
                    .redirectErrorStream(true).redirectOutput(out.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
            assertThat(verify.waitFor(60, TimeUnit.SECONDS)).as("systemd-analyze verify finished").isTrue();
            String printed = Files.readString(out, StandardCharsets.UTF_8).trim();
            assertThat(verify.exitValue()).as(printed).isZero();
            return printed;
        } finally {
            Files.deleteIfExists(out);
        }
    }
}
