package dev.hoist.controller.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A revision bundle for end-to-end tests whose hooks leave evidence on their host: every hook appends
 * {@code "<event> <version> <deployment id>"} to {@code $E2E_HOST_DIR/trace} and prints a line (so the
 * logs have something to show), and ApplicationStart writes the version to {@code $E2E_HOST_DIR/current}
 * (the file that says which revision the host runs). Options make a hook fail or wait for the test.
 */
final class TestBundle {
    static final List<String> HOOKS = List.of("ApplicationStop", "BeforeInstall", "AfterInstall", "ApplicationStart",
            "ValidateService");

    private final String version;
    private boolean failValidateOnFirstHost;
    private String failValidateOn;
    private final Set<String> blockIn = new HashSet<>();

    private TestBundle(String version) {
        this.version = version;
    }

    static TestBundle version(String version) {
        return new TestBundle(version);
    }

    /** ValidateService fails on the first host that reaches it (the hosts share {@code $E2E_SHARED}). */
    TestBundle failValidateOnFirstHost() {
        this.failValidateOnFirstHost = true;
        return this;
    }

    /** ValidateService fails, every time, on the host of the agent named {@code name} ({@code $E2E_NAME}). */
    TestBundle failValidateOn(String name) {
        this.failValidateOn = name;
        return this;
    }

    /**
     * The hook writes its process id (which is its process group's: hooks lead their own) to
     * {@code $E2E_HOST_DIR/blocked-<version>-<event>}, then waits (at most 2 minutes)
     * until the test creates {@link #releaseFile}.
     */
    TestBundle blockIn(String event) {
        blockIn.add(event);
        return this;
    }

    static Path blockedMarker(Path hostDir, String version, String event) {
        return hostDir.resolve("blocked-" + version + "-" + event);
    }

    static Path releaseFile(Path shared, String version) {
        return shared.resolve("release-" + version);
    }

    Path writeTo(Path dir) throws IOException {
        Files.createDirectories(dir.resolve("hooks"));
        StringBuilder appspec = new StringBuilder("version: 0.0\nos: linux\nhooks:\n");
        for (String hook : HOOKS) {
            appspec.append("  ").append(hook).append(":\n    - location: hooks/").append(hook)
                    .append(".sh\n      timeout: 300\n");
            Path script = dir.resolve("hooks").resolve(hook + ".sh");
            Files.writeString(script, script(hook));
            Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        Files.writeString(dir.resolve("appspec.yml"), appspec);
        Files.writeString(dir.resolve("VERSION"), version + "\n");
        return dir;
    }

    private String script(String hook) {
        StringBuilder body = new StringBuilder("""
                #!/bin/bash
                set -eu
                echo "$LIFECYCLE_EVENT of %1$s on $E2E_NAME (deployment $DEPLOYMENT_ID)"
                echo "$LIFECYCLE_EVENT %1$s $DEPLOYMENT_ID" >> "$E2E_HOST_DIR/trace"
                """.formatted(version));
        if (blockIn.contains(hook)) {
            body.append("""
                    echo $$ > "$E2E_HOST_DIR/blocked-%1$s-%2$s.tmp"
                    mv "$E2E_HOST_DIR/blocked-%1$s-%2$s.tmp" "$E2E_HOST_DIR/blocked-%1$s-%2$s"
                    released=false
                    for i in $(seq 1 1200); do
                      if [ -f "$E2E_SHARED/release-%1$s" ]; then released=true; break; fi
                      sleep 0.1
                    done
                    if ! $released; then echo "never released" >&2; exit 1; fi
                    echo "released"
                    """.formatted(version, hook));
        }
        if (hook.equals("ApplicationStart")) {
            body.append("""
                    echo "%s" > "$E2E_HOST_DIR/current.tmp"
                    mv "$E2E_HOST_DIR/current.tmp" "$E2E_HOST_DIR/current"
                    """.formatted(version));
        }
        if (hook.equals("ValidateService") && failValidateOnFirstHost) {
            body.append("""
                    if mkdir "$E2E_SHARED/failed-%s" 2>/dev/null; then
                      echo "ValidateService fails on purpose on $E2E_NAME" >&2
                      exit 1
                    fi
                    """.formatted(version));
        }
        if (hook.equals("ValidateService") && failValidateOn != null) {
            body.append("""
                    if [ "$E2E_NAME" = "%s" ]; then
                      echo "ValidateService fails on purpose on $E2E_NAME, every time" >&2
                      exit 1
                    fi
                    """.formatted(failValidateOn));
        }
        return body.toString();
    }
}
