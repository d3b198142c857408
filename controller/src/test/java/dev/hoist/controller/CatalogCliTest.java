package dev.hoist.controller;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hoist.cli.ExitCodes;
import dev.hoist.controller.core.Agent;
import dev.hoist.controller.core.AgentState;
import dev.hoist.controller.core.Secrets;
import dev.hoist.controller.testing.InProcessCli;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code hoist app|push|config|group}, in-process, against a real running controller. */
class CatalogCliTest extends AgainstRunningController {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String APPSPEC = "version: 0.0\nos: linux\nfiles:\n  - source: app\n    destination: /srv/web\n"
            + "hooks:\n  ApplicationStart:\n    - location: scripts/start.sh\n";


    @Test
    void pushPacksTheDirectoryWithModesAndSymlinksAndPrintsTheRevision(@TempDir Path source) throws Exception {
        String app = createApp();
        writeSource(source, APPSPEC);

        InProcessCli pushed = hoist("push", "--app", app, "--source", source.toString(), "--description", "first",
                "--output", "json");
        InProcessCli again = hoist("push", "--app", app, "--source", source.toString());

        assertThat(pushed.exit).as(pushed.err).isEqualTo(0);
        JsonNode revision = JSON.readTree(pushed.out);
        String sha256 = revision.path("sha256").asText();
        assertThat(revision.path("revisionId").asText()).startsWith("rev-");
        assertThat(revision.path("description").asText()).isEqualTo("first");
        assertThat(again.exit).as(again.err).isEqualTo(0);
        assertThat(again.out.trim()).startsWith("rev-").isNotEqualTo(revision.path("revisionId").asText());
        assertThat(again.err).contains("stored once");
        Map<String, TarArchiveEntry> entries = entriesOf(controller.parts().dataDir().resolve("bundles")
                .resolve(sha256.substring(0, 2)).resolve(sha256));
        assertThat(entries.keySet()).containsExactly("app/", "app/current", "app/index.html", "appspec.yml",
                "scripts/", "scripts/start.sh");
        assertThat(entries.get("scripts/start.sh").getMode() & 0777).isEqualTo(0755);
        assertThat(entries.get("app/index.html").getMode() & 0777).isEqualTo(0640);
        assertThat(entries.get("app/current").isSymbolicLink()).isTrue();
        assertThat(entries.get("app/current").getLinkName()).isEqualTo("index.html");
    }

    @Test
    void revisionListGetAndPruneWorkOnPushedRevisions(@TempDir Path source, @TempDir Path out) throws Exception {
        String app = createApp();
        writeSource(source, APPSPEC);
        java.util.List<String> ids = new java.util.ArrayList<>();
        for (int i = 1; i <= 22; i++) {
            Files.writeString(source.resolve("app/index.html"), "<h1>version " + i + "</h1>");
            InProcessCli pushed = hoist("push", "--app", app, "--source", source.toString());
            assertThat(pushed.exit).as(pushed.err).isEqualTo(0);
            ids.add(pushed.out.trim());
        }
        String newest = ids.get(21);

        InProcessCli list = hoist("revision", "list", "--app", app);
        InProcessCli listJson = hoist("revision", "list", "--app", app, "--output", "json");
        InProcessCli get = hoist("revision", "get", newest, "--output", out.resolve("bundle.tgz").toString());

        assertThat(list.exit).as(list.err).isEqualTo(0);
        assertThat(list.out).contains("REVISION", "SIZE", "SHA256", "PUSHED BY", "RUNNING IN", newest);
        JsonNode revisions = JSON.readTree(listJson.out);
        assertThat(revisions).hasSize(22);
        String sha256 = revisions.get(0).path("sha256").asText();
        assertThat(revisions.get(0).path("runningIn").isArray()).isTrue();
        assertThat(get.exit).as(get.err).isEqualTo(0);
        assertThat(get.out).contains(sha256);
        assertThat(Files.readAllBytes(out.resolve("bundle.tgz"))).isEqualTo(Files.readAllBytes(
                controller.parts().dataDir().resolve("bundles").resolve(sha256.substring(0, 2)).resolve(sha256)));
        assertThat(hoist("revision", "get", "rev-nope", "--output", out.resolve("x.tgz").toString()).err)
                .contains("REVISION_NOT_FOUND");
        assertThat(Files.exists(out.resolve("x.tgz"))).isFalse();
        try (java.util.stream.Stream<Path> left = Files.list(out)) {
            assertThat(left.map(path -> path.getFileName().toString())).as("no partial download left behind")
                    .containsExactly("bundle.tgz");
        }

        InProcessCli dryRun = hoist("revision", "prune", "--app", app, "--dry-run");
        InProcessCli dryRunAgain = hoist("revision", "prune", "--app", app, "--dry-run");
        InProcessCli prune = hoist("revision", "prune", "--app", app);
        InProcessCli after = hoist("revision", "prune", "--app", app, "--dry-run");

        assertThat(dryRun.exit).as(dryRun.err).isEqualTo(0);
        java.util.List<String> wouldGo = dryRun.out.lines().filter(l -> l.startsWith("would delete")).toList();
        assertThat(wouldGo).hasSize(2).anyMatch(l -> l.contains(ids.get(0))).anyMatch(l -> l.contains(ids.get(1)));
        assertThat(dryRunAgain.out).isEqualTo(dryRun.out);
        assertThat(prune.out.lines().filter(l -> l.startsWith("deleted")).toList())
                .isEqualTo(wouldGo.stream().map(l -> l.replaceFirst("^would delete", "deleted")).toList());
        assertThat(after.out).contains("Nothing to prune");
        assertThat(JSON.readTree(hoist("revision", "list", "--app", app, "--output", "json").out)).hasSize(20);
    }

    @Test
    void pushRefusesAnInvalidAppSpecLocallyAndUploadsNothing(@TempDir Path source) throws Exception {
        String app = createApp();
        writeSource(source, APPSPEC.replace("scripts/start.sh", "scripts/begin.sh") + "  BeforeInstal:\n");

        InProcessCli refused = hoist("push", "--app", app, "--source", source.toString());

        assertThat(refused.exit).isEqualTo(ExitCodes.REFUSED);
        assertThat(refused.err).contains("nothing was uploaded")
                .contains("appspec.yml:9:3: hooks.BeforeInstal: 'BeforeInstal' is not a lifecycle event");
        writeSource(source, APPSPEC.replace("scripts/start.sh", "scripts/begin.sh"));
        InProcessCli oneProblem = hoist("push", "--app", app, "--source", source.toString());
        assertThat(oneProblem.err).contains("1 problem")
                .contains("appspec.yml:8:").contains("script 'scripts/begin.sh' is not in the bundle");
        assertThat(controller.call("GET", "/api/v1/applications/" + app + "/revisions", controller.adminToken(), null)
                .json()).isEmpty();
        assertThat(hoist("push", "--app", app, "--source", source.resolve("nope").toString()).exit)
                .isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void groupCreateAndGetShowTheResolvedHosts() throws Exception {
        String app = createApp();
        String env = "e" + Secrets.newId("");
        Agent web = enroll(Map.of("role", "web", "env", env));
        enroll(Map.of("role", "web", "env", "elsewhere"));

        InProcessCli created = hoist("group", "create", "--app", app, "--name", "web", "--tag", "role=web", "--tag-group",
                "env=" + env + ",env=never", "--config", "HalfAtATime", "--auto-rollback", "--health-http",
                "http://127.0.0.1:9/health", "--health-status", "200", "--health-bake", "30s",
                "--file-exists-behavior", "OVERWRITE");
        InProcessCli get = hoist("group", "get", "--app", app, "web");
        InProcessCli json = hoist("group", "get", "--app", app, "web", "--output", "json");
        InProcessCli list = hoist("group", "list", "--app", app);
        InProcessCli neither = hoist("group", "create", "--app", app, "--name", "x");

        assertThat(created.exit).as(created.err).isEqualTo(0);
        assertThat(created.out).contains("1 host(s)");
        assertThat(get.out).contains("tags role=web and (env=" + env + " or env=never)").contains("HalfAtATime")
                .contains("on DEPLOYMENT_FAILURE").contains("expects 200").contains("bake 30s")
                .contains(web.id()).contains(web.hostname()).contains("Connected");
        JsonNode group = JSON.readTree(json.out);
        assertThat(group.path("hosts")).hasSize(1);
        assertThat(group.path("healthChecks").get(0).path("bakeSeconds").asInt()).isEqualTo(30);
        assertThat(group.path("fileExistsBehavior").asText()).isEqualTo("OVERWRITE");
        assertThat(list.out).contains("web").contains("HalfAtATime");
        assertThat(neither.exit).isEqualTo(ExitCodes.USAGE);
        InProcessCli badFilter = hoist("group", "create", "--app", app, "--name", "y", "--tag", "role=");
        assertThat(badFilter.exit).isEqualTo(ExitCodes.REFUSED);
        assertThat(badFilter.err).contains("INVALID_TAG_FILTER");
    }

    @Test
    void configCreateAndList() throws Exception {
        String name = "Three-" + Secrets.newId("");

        InProcessCli created = hoist("config", "create", name, "--min-healthy-hosts", "3");
        InProcessCli percent = hoist("config", "create", "p" + name, "--min-healthy-percent", "40", "--output", "json");
        InProcessCli list = hoist("config", "list");
        InProcessCli both = hoist("config", "create", "x", "--min-healthy-hosts", "3", "--min-healthy-percent", "4");
        InProcessCli tooMuch = hoist("config", "create", "x", "--min-healthy-percent", "100");

        assertThat(created.exit).as(created.err).isEqualTo(0);
        assertThat(created.out).contains("HOST_COUNT 3");
        assertThat(JSON.readTree(percent.out).path("minimumHealthyHosts").path("value").asInt()).isEqualTo(40);
        assertThat(list.out.split("\n")[1]).startsWith("OneAtATime");
        assertThat(list.out).contains(name).contains("FLEET_PERCENT 40");
        assertThat(both.exit).isEqualTo(ExitCodes.USAGE);
        assertThat(tooMuch.exit).isEqualTo(ExitCodes.REFUSED);
        assertThat(tooMuch.err).contains("INVALID_MINIMUM_HEALTHY_HOSTS");
    }

    private static String createApp() {
        String name = "app-" + Secrets.newId("");
        InProcessCli created = hoist("app", "create", name);
        assertThat(created.exit).as(created.err).isEqualTo(0);
        assertThat(hoist("app", "list").out).contains(name);
        return name;
    }

    private static void writeSource(Path source, String appSpec) throws Exception {
        Files.createDirectories(source.resolve("app"));
        Files.createDirectories(source.resolve("scripts"));
        Files.writeString(source.resolve("appspec.yml"), appSpec);
        Path index = Files.writeString(source.resolve("app/index.html"), "<h1>hi</h1>");
        Files.setPosixFilePermissions(index, PosixFilePermissions.fromString("rw-r-----"));
        Path script = Files.writeString(source.resolve("scripts/start.sh"), "#!/bin/sh\nexit 0\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        if (!Files.exists(source.resolve("app/current"), java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            Files.createSymbolicLink(source.resolve("app/current"), Path.of("index.html"));
        }
    }

    private static Map<String, TarArchiveEntry> entriesOf(Path bundle) throws Exception {
        Map<String, TarArchiveEntry> entries = new LinkedHashMap<>();
        try (InputStream in = Files.newInputStream(bundle);
                TarArchiveInputStream tar = new TarArchiveInputStream(new GzipCompressorInputStream(in))) {
            for (TarArchiveEntry entry; (entry = tar.getNextEntry()) != null; ) {
                entries.put(entry.getName(), entry);
            }
        }
        return entries;
    }

    private static Agent enroll(Map<String, String> tags) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        String id = Secrets.newId("agt-");
        Agent agent = new Agent(id, "host-" + id, tags, "0.1.0", "Linux 6.1", now, now, AgentState.CONNECTED, now,
                null);
        controller.parts().agents().insert(agent);
        return agent;
    }

    /** Runs hoist from the directory that holds the controller's hoist-data, so it finds admin.token itself. */
    private static InProcessCli hoist(String... args) {
        return InProcessCli.run(Map.of("HOIST_URL", controller.apiUrl()), temp, "", args);
    }

}
