package dev.hoist.controller.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;

/**
 * Real revision bundles (tar.gz) for deployment tests: an {@code appspec.yml} that installs
 * {@code content/} to a destination and runs the given hook scripts, each a real bash script.
 */
public final class TestBundles {
    private final Path destination;
    private final Map<String, String> hooks = new LinkedHashMap<>();
    private final Map<String, String> files = new LinkedHashMap<>();

    private TestBundles(Path destination) {
        this.destination = destination;
    }

    /** A bundle whose {@code content/} goes to {@code destination}. */
    public static TestBundles installingTo(Path destination) {
        return new TestBundles(destination).file("content/index.html", "<h1>hello</h1>\n");
    }

    /** {@code body} runs as the script of {@code event} (e.g. {@code BeforeInstall}). */
    public TestBundles hook(String event, String body) {
        hooks.put(event, body);
        return this;
    }

    public TestBundles file(String name, String content) {
        files.put(name, content);
        return this;
    }

    public byte[] tgz() throws IOException {
        StringBuilder appspec = new StringBuilder("version: 0.0\nos: linux\nfiles:\n  - source: content\n"
                + "    destination: " + destination + "\n");
        if (!hooks.isEmpty()) {
            appspec.append("hooks:\n");
            hooks.keySet().forEach(event -> appspec.append("  ").append(event).append(":\n    - location: scripts/")
                    .append(event).append(".sh\n      timeout: 60\n"));
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(bytes))) {
            add(tar, "appspec.yml", appspec.toString(), 0644);
            for (Map.Entry<String, String> file : files.entrySet()) {
                add(tar, file.getKey(), file.getValue(), 0644);
            }
            for (Map.Entry<String, String> hook : hooks.entrySet()) {
                add(tar, "scripts/" + hook.getKey() + ".sh", "#!/bin/bash\n" + hook.getValue() + "\n", 0755);
            }
        }
        return bytes.toByteArray();
    }

    private static void add(TarArchiveOutputStream tar, String name, String content, int mode) throws IOException {
        byte[] data = content.getBytes(StandardCharsets.UTF_8);
        TarArchiveEntry entry = new TarArchiveEntry(name);
        entry.setSize(data.length);
        entry.setMode(0100000 | mode);
        tar.putArchiveEntry(entry);
        tar.write(data);
        tar.closeArchiveEntry();
    }
}
