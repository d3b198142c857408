package dev.hoist.controller.resources;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hoist.controller.AgainstRunningController;
import dev.hoist.controller.RunningController;
import dev.hoist.controller.RunningController.Response;
import dev.hoist.controller.core.Agent;
import dev.hoist.controller.core.AgentState;
import dev.hoist.controller.core.AuditEvent;
import dev.hoist.controller.core.Secrets;
import dev.hoist.controller.testing.TarGz;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Applications, revision pushes, deployment configs and groups through the real application: real
 * auth, real H2, real tar.gz bundles over real HTTP on loopback.
 */
class CatalogApiTest extends AgainstRunningController {
    private static final String APPSPEC = String.join("\n",
            "version: 0.0",
            "os: linux",
            "files:",
            "  - source: app",
            "    destination: /srv/web",
            "hooks:",
            "  ApplicationStart:",
            "    - location: scripts/start.sh",
            "      timeout: 60",
            "");
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void applicationsAreCreatedOnceListedAndFound() {
        String name = app();

        Response again = post("/api/v1/applications", "{\"name\": \"" + name + "\"}");
        Response badName = post("/api/v1/applications", "{\"name\": \"my app/1\"}");
        Response dots = post("/api/v1/applications", "{\"name\": \"..\"}");

        assertRefused(again, 409, "APPLICATION_EXISTS");
        assertRefused(badName, 400, "INVALID_APPLICATION_NAME");
        assertThat(badName.json().path("message").asText()).contains("'my app/1'").contains("letters, digits");
        assertRefused(dots, 400, "INVALID_APPLICATION_NAME");
        Response got = get("/api/v1/applications/" + name);
        assertThat(got.json().path("createdBy").asText()).isEqualTo("admin");
        assertThat(names(get("/api/v1/applications").json())).contains(name);
        assertRefused(get("/api/v1/applications/nope-" + Secrets.newId("")), 404, "APPLICATION_NOT_FOUND");
    }

    @Test
    void validBundleIsStoredOnceByDigestAndEveryPushRecordsARevision() throws Exception {
        String app = app();
        byte[] bundle = validBundle().file("appspec.yml", APPSPEC + "colour: blue\n").bytes();

        Response first = push(app, bundle, "?description=first%20cut&commit=0a1b2c3d");
        Response second = push(app, bundle, "");

        assertThat(first.status()).as(first.body()).isEqualTo(201);
        JsonNode created = first.json();
        assertThat(created.path("revisionId").asText()).startsWith("rev-");
        assertThat(created.path("sha256").asText()).isEqualTo(sha256(bundle));
        assertThat(created.path("sizeBytes").asLong()).isEqualTo(bundle.length);
        assertThat(created.path("application").asText()).isEqualTo(app);
        assertThat(created.path("description").asText()).isEqualTo("first cut");
        assertThat(created.path("commit").asText()).isEqualTo("0a1b2c3d");
        assertThat(created.path("bundleReused").asBoolean()).isFalse();
        assertThat(Instant.parse(created.path("createdAt").asText())).isCloseTo(Instant.now(),
                org.assertj.core.api.Assertions.within(1, ChronoUnit.MINUTES));
        assertThat(created.path("warnings").toString()).contains("colour");
        assertThat(second.status()).as(second.body()).isEqualTo(201);
        assertThat(second.json().path("revisionId").asText()).isNotEqualTo(created.path("revisionId").asText());
        assertThat(second.json().path("sha256").asText()).isEqualTo(sha256(bundle));
        assertThat(second.json().path("bundleReused").asBoolean()).isTrue();
        assertThat(storedBundles()).containsOnlyOnce(sha256(bundle));

        Response list = get("/api/v1/applications/" + app + "/revisions");
        assertThat(list.json()).extracting(node -> node.path("revisionId").asText())
                .containsExactly(second.json().path("revisionId").asText(), created.path("revisionId").asText());
        assertThat(list.json().get(0).has("warnings")).isFalse();
        Response one = get("/api/v1/applications/" + app + "/revisions/" + created.path("revisionId").asText());
        assertThat(one.json().path("sha256").asText()).isEqualTo(sha256(bundle));
        assertRefused(get("/api/v1/applications/" + app + "/revisions/rev-nope"), 404, "REVISION_NOT_FOUND");
    }

    @Test
    void bundleWrappedInOneDirectoryIsAccepted() {
        String app = app();
        byte[] bundle = new TarGz().directory("release").file("release/appspec.yml", APPSPEC)
                .file("release/app/index.html", "hi").script("release/scripts/start.sh", "#!/bin/sh\n").bytes();

        Response pushed = push(app, bundle, "");

        assertThat(pushed.status()).as(pushed.body()).isEqualTo(201);
    }

    @Test
    void invalidAppSpecIsRefusedWithEveryProblemAndNothingKept() throws Exception {
        String app = app();
        String broken = "version: 1.0\nos: linux\nfile_exists_behavior: SOMETIMES\nhooks:\n  BeforeInstal:\n    - location: scripts/start.sh\n"
                + "      timeout: -5\n";
        byte[] bundle = validBundle().file("appspec.yml", broken).bytes();

        Response refused = push(app, bundle, "");

        assertRefused(refused, 422, "APPSPEC_INVALID");
        List<String> problems = new ArrayList<>();
        refused.json().path("details").path("problems").forEach(p -> problems.add(p.asText()));
        assertThat(problems).hasSizeGreaterThanOrEqualTo(3);
        assertThat(problems).allSatisfy(p -> assertThat(p).matches("appspec\\.yml:\\d+:\\d+: .+"));
        assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("appspec.yml:1:").contains("version"));
        assertThat(problems).anySatisfy(p -> assertThat(p).contains("BeforeInstal").contains("BeforeInstall"));
        assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("appspec.yml:3:").contains("SOMETIMES"));
        assertThat(storedBundles()).doesNotContain(sha256(bundle));
        assertThat(get("/api/v1/applications/" + app + "/revisions").json()).isEmpty();
    }

    @Test
    void missingHookScriptIsRefusedAtPushTime() throws Exception {
        String app = app();
        byte[] bundle = new TarGz().file("appspec.yml", APPSPEC).file("app/index.html", "hi")
                .script("scripts/Start.sh", "#!/bin/sh\n").bytes();

        Response refused = push(app, bundle, "");

        assertRefused(refused, 422, "APPSPEC_INVALID");
        assertThat(refused.json().path("details").path("problems").get(0).asText())
                .startsWith("appspec.yml:8:")
                .contains("hooks.ApplicationStart[0].location: script 'scripts/start.sh' is not in the bundle")
                .contains("scripts/Start.sh");
        assertThat(storedBundles()).doesNotContain(sha256(bundle));
    }

    @Test
    void whatIsNotASafeTarGzIsRefusedAsBundleInvalid() throws Exception {
        String app = app();

        Response plainText = push(app, "just some text".getBytes(), "");
        Response gzipOfNothing = push(app, gzip("not a tar archive, just words ".repeat(40)), "");
        Response climbing = push(app, validBundle().file("../../etc/cron.d/evil", "x").bytes(), "");
        Response linkOut = push(app, validBundle().symlink("app/passwd", "../../../etc/passwd").bytes(), "");
        Response absoluteLink = push(app, validBundle().symlink("app/shadow", "/etc/shadow").bytes(), "");
        Response device = push(app, validBundle().characterDevice("app/null").bytes(), "");
        Response empty = push(app, new byte[0], "");
        Response json = controller.call("POST", "/api/v1/applications/" + app + "/revisions", admin, "{}");

        assertRefused(plainText, 422, "BUNDLE_INVALID");
        assertThat(plainText.json().path("message").asText()).contains("not gzip-compressed");
        assertRefused(gzipOfNothing, 422, "BUNDLE_INVALID");
        assertRefused(climbing, 422, "BUNDLE_INVALID");
        assertThat(climbing.json().path("details").path("entry").asText()).isEqualTo("../../etc/cron.d/evil");
        assertThat(climbing.json().path("message").asText()).contains("climbs out of the bundle root");
        assertRefused(linkOut, 422, "BUNDLE_INVALID");
        assertThat(linkOut.json().path("message").asText()).contains("resolves outside the bundle root");
        assertRefused(absoluteLink, 422, "BUNDLE_INVALID");
        assertRefused(device, 422, "BUNDLE_INVALID");
        assertThat(device.json().path("message").asText()).contains("device file");
        assertRefused(empty, 400, "BUNDLE_INVALID");
        assertRefused(json, 400, "INVALID_CONTENT_TYPE");
        assertThat(get("/api/v1/applications/" + app + "/revisions").json()).isEmpty();
        // A refused push leaves no blob behind: the empty body's digest is not in the store.
        assertThat(storedBundles()).noneMatch(name -> name.startsWith(
                "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"));
    }

    /** Hostile-probe finding 7: what every agent refuses is refused at push, once, with the entry named. */
    @Test
    void entriesEveryAgentWouldRefuseAreRefusedAtPushWithTheEntryNamed() {
        String app = app();
        String longName = "app/" + "n".repeat(256);

        Response absolute = push(app, validBundle().file("/etc/cron.d/evil", "x").bytes(), "");
        Response longSegment = push(app, validBundle().file(longName, "x").bytes(), "");
        Response throughLink = push(app, validBundle().directory("app/real").symlink("app/link", "real")
                .file("app/link/payload", "x").bytes(), "");
        Response linkToLink = push(app, validBundle().symlink("app/alias", "appspec.yml")
                .hardLink("app/hard", "app/alias").bytes(), "");

        assertRefused(absolute, 422, "BUNDLE_INVALID");
        assertThat(absolute.json().path("details").path("entry").asText()).isEqualTo("/etc/cron.d/evil");
        assertThat(absolute.json().path("message").asText()).contains("is an absolute path");
        assertRefused(longSegment, 422, "BUNDLE_INVALID");
        assertThat(longSegment.json().path("details").path("entry").asText()).isEqualTo(longName);
        assertThat(longSegment.json().path("message").asText()).contains("longer than 255 bytes");
        assertRefused(throughLink, 422, "BUNDLE_INVALID");
        assertThat(throughLink.json().path("details").path("entry").asText()).isEqualTo("app/link/payload");
        assertThat(throughLink.json().path("message").asText()).contains("written through the symlink 'app/link'");
        assertRefused(linkToLink, 422, "BUNDLE_INVALID");
        assertThat(linkToLink.json().path("details").path("entry").asText()).isEqualTo("app/hard");
        assertThat(linkToLink.json().path("message").asText()).contains("hard link to the symlink");
        assertThat(get("/api/v1/applications/" + app + "/revisions").json()).isEmpty();
    }

    @Test
    void oversizedUploadIsRefusedWith413AndNothingKept(@TempDir Path other) throws Exception {
        try (RunningController small = RunningController.start(other.resolve("data"),
                "bundles: {maxUploadBytes: 2048}")) {
            String token = small.adminToken();
            assertThat(small.call("POST", "/api/v1/applications", token, "{\"name\": \"big\"}").status())
                    .isEqualTo(201);
            byte[] bundle = validBundle().file("app/noise.bin", randomText(20_000)).bytes();
            assertThat(bundle.length).isGreaterThan(2048);

            Response declared = upload(small, token, "/api/v1/applications/big/revisions", bundle, true);
            Response chunked = upload(small, token, "/api/v1/applications/big/revisions", bundle, false);

            assertRefused(declared, 413, "BUNDLE_TOO_LARGE");
            assertThat(declared.json().path("details").path("maxBytes").asLong()).isEqualTo(2048);
            assertThat(declared.json().path("message").asText()).contains("bundles.maxUploadBytes");
            assertRefused(chunked, 413, "BUNDLE_TOO_LARGE");
            try (Stream<Path> files = Files.walk(other.resolve("data").resolve("bundles"))) {
                assertThat(files.filter(Files::isRegularFile).toList()).isEmpty();
            }
        }
    }

    @Test
    void configsListBuiltInsFirstAndRefuseBadMinimums() {
        String name = "Two-" + Secrets.newId("");

        Response created = post("/api/v1/deployment-configs",
                "{\"name\": \"" + name + "\", \"minimumHealthyHosts\": {\"type\": \"HOST_COUNT\", \"value\": 2}}");
        Response percent = post("/api/v1/deployment-configs",
                "{\"name\": \"p" + name + "\", \"minimumHealthyHosts\": {\"type\": \"FLEET_PERCENT\", \"value\": 40}}");

        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.json().path("description").asText()).isEqualTo("HOST_COUNT 2");
        assertThat(percent.status()).as(percent.body()).isEqualTo(201);
        JsonNode list = get("/api/v1/deployment-configs").json();
        assertThat(names(list).subList(0, 3)).containsExactly("OneAtATime", "HalfAtATime", "AllAtOnce");
        assertThat(list.get(0).path("builtIn").asBoolean()).isTrue();
        assertThat(list.get(0).path("minimumHealthyHosts").path("type").asText()).isEqualTo("ALL_BUT_ONE");
        assertThat(names(list)).contains(name, "p" + name);
        JsonNode got = get("/api/v1/deployment-configs/" + name).json();
        assertThat(got.path("minimumHealthyHosts").path("value").asInt()).isEqualTo(2);
        assertThat(got.path("builtIn").asBoolean()).isFalse();
        assertThat(controller.parts().auditLog().latest(50)).anySatisfy(event -> {
            assertThat(event.action()).isEqualTo("deployment-config.create");
            assertThat(event.target()).isEqualTo(name);
            assertThat(event.outcome()).isEqualTo("OK");
        });

        assertRefused(post("/api/v1/deployment-configs", "{\"name\": \"x\", \"minimumHealthyHosts\": "
                + "{\"type\": \"FLEET_PERCENT\", \"value\": 100}}"), 400, "INVALID_MINIMUM_HEALTHY_HOSTS");
        assertRefused(post("/api/v1/deployment-configs", "{\"name\": \"x\", \"minimumHealthyHosts\": "
                + "{\"type\": \"HOST_COUNT\", \"value\": -1}}"), 400, "INVALID_MINIMUM_HEALTHY_HOSTS");
        assertRefused(post("/api/v1/deployment-configs", "{\"name\": \"x\", \"minimumHealthyHosts\": "
                + "{\"type\": \"HOSTS\", \"value\": 1}}"), 400, "INVALID_MINIMUM_HEALTHY_HOSTS");
        assertRefused(post("/api/v1/deployment-configs", "{\"name\": \"x\"}"), 400, "INVALID_MINIMUM_HEALTHY_HOSTS");
        assertRefused(post("/api/v1/deployment-configs", "{\"name\": \"halfatatime\", \"minimumHealthyHosts\": "
                + "{\"type\": \"HOST_COUNT\", \"value\": 1}}"), 409, "DEPLOYMENT_CONFIG_EXISTS");
        assertRefused(get("/api/v1/deployment-configs/Nope"), 404, "DEPLOYMENT_CONFIG_NOT_FOUND");
    }

    @Test
    void groupByTagsResolvesToTheMatchingAgents() {
        String app = app();
        String env = "e" + Secrets.newId("");
        Agent web = enroll(Map.of("env", env, "role", "web"), AgentState.CONNECTED);
        Agent api = enroll(Map.of("env", env, "role", "api"), AgentState.DISCONNECTED);
        enroll(Map.of("env", env, "role", "db"), AgentState.CONNECTED);
        enroll(Map.of("env", "other", "role", "web"), AgentState.CONNECTED);
        Agent revoked = enroll(Map.of("env", env, "role", "web"), AgentState.REVOKED);

        Response created = post("/api/v1/applications/" + app + "/deployment-groups", "{\"name\": \"prod\", "
                + "\"tagSet\": [[\"role=web\", \"role=api\"], [\"env=" + env + "\"]], \"config\": \"HalfAtATime\", "
                + "\"autoRollback\": {\"enabled\": true}, \"fileExistsBehavior\": \"overwrite\", "
                + "\"healthChecks\": [{\"type\": \"http\", \"target\": \"http://127.0.0.1:9/health\", "
                + "\"expectedStatus\": 200, \"bakeSeconds\": 30}, {\"type\": \"tcp\", \"target\": \"127.0.0.1:5432\"}], "
                + "\"scriptTimeoutLimitSeconds\": 600}");

        assertThat(created.status()).as(created.body()).isEqualTo(201);
        JsonNode group = get("/api/v1/applications/" + app + "/deployment-groups/prod").json();
        assertThat(group.path("id").asText()).startsWith("dg-");
        assertThat(group.path("config").asText()).isEqualTo("HalfAtATime");
        assertThat(group.path("fileExistsBehavior").asText()).isEqualTo("OVERWRITE");
        assertThat(group.path("scriptTimeoutLimitSeconds").asLong()).isEqualTo(600);
        assertThat(group.path("autoRollback").path("triggers").toString())
                .contains("DEPLOYMENT_FAILURE").contains("DEPLOYMENT_STOP_ON_ALARM");
        assertThat(group.path("tagSet").toString()).isEqualTo("[[\"role=web\",\"role=api\"],[\"env=" + env + "\"]]");
        assertThat(group.path("healthChecks").get(0).path("bakeSeconds").asInt()).isEqualTo(30);
        assertThat(group.path("healthChecks").get(0).path("intervalSeconds").asInt()).isEqualTo(5);
        assertThat(group.path("healthChecks").get(1).path("type").asText()).isEqualTo("tcp");
        List<String> hosts = new ArrayList<>();
        group.path("hosts").forEach(host -> hosts.add(host.path("agentId").asText()));
        assertThat(hosts).containsExactlyInAnyOrder(web.id(), api.id()).doesNotContain(revoked.id());
        assertThat(group.path("hosts").toString()).contains("Disconnected").contains(web.hostname());
        JsonNode list = get("/api/v1/applications/" + app + "/deployment-groups").json();
        assertThat(names(list)).containsExactly("prod");
        assertThat(list.get(0).has("hosts")).isFalse();
        assertRefused(post("/api/v1/applications/" + app + "/deployment-groups",
                "{\"name\": \"prod\", \"tagSet\": [[\"a\"]]}"), 409, "DEPLOYMENT_GROUP_EXISTS");
    }

    @Test
    void groupByAgentIdsNeedsEnrolledAgents() {
        String app = app();
        Agent one = enroll(Map.of(), AgentState.CONNECTED);

        Response created = post("/api/v1/applications/" + app + "/deployment-groups",
                "{\"name\": \"canary\", \"agentIds\": [\"" + one.id() + "\"]}");
        Response unknown = post("/api/v1/applications/" + app + "/deployment-groups",
                "{\"name\": \"ghosts\", \"agentIds\": [\"agt-nobody\"]}");

        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.json().path("config").asText()).isEqualTo("OneAtATime");
        assertThat(created.json().path("autoRollback").path("enabled").asBoolean()).isFalse();
        assertThat(created.json().path("scriptTimeoutLimitSeconds").asLong()).isEqualTo(3600);
        assertThat(created.json().path("hosts").get(0).path("agentId").asText()).isEqualTo(one.id());
        assertRefused(unknown, 400, "UNKNOWN_AGENT");
        assertThat(unknown.json().path("message").asText()).contains("agt-nobody");
    }

    @Test
    void badGroupDefinitionsAreRefusedEachWithItsOwnCode() {
        String app = app();
        String groups = "/api/v1/applications/" + app + "/deployment-groups";

        assertRefused(post(groups, "{\"name\": \"g\", \"tagSet\": [[\"a\"], [\"b\"], [\"c\"], [\"d\"]]}"), 400,
                "INVALID_TAG_SET");
        assertRefused(post(groups, "{\"name\": \"g\", \"tagSet\": [[]]}"), 400, "INVALID_TAG_SET");
        Response emptyValue = post(groups, "{\"name\": \"g\", \"tagSet\": [[\"env=\"]]}");
        assertRefused(emptyValue, 400, "INVALID_TAG_FILTER");
        assertThat(emptyValue.json().path("message").asText()).contains("'env='");
        assertRefused(post(groups, "{\"name\": \"g\", \"tagSet\": [[\"bad key=x\"]]}"), 400, "INVALID_TAG_FILTER");
        assertRefused(post(groups, "{\"name\": \"g\"}"), 400, "INVALID_GROUP_TARGET");
        assertRefused(post(groups, "{\"name\": \"g\", \"tagSet\": [[\"a\"]], \"agentIds\": [\"agt-1\"]}"), 400,
                "INVALID_GROUP_TARGET");
        assertRefused(post(groups, "{\"name\": \"g\", \"tagSet\": [[\"a\"]], \"config\": \"Nope\"}"), 400,
                "UNKNOWN_DEPLOYMENT_CONFIG");
        assertRefused(post(groups, "{\"name\": \"g\", \"tagSet\": [[\"a\"]], \"fileExistsBehavior\": \"KEEP\"}"), 400,
                "INVALID_FILE_EXISTS_BEHAVIOR");
        assertRefused(post(groups, "{\"name\": \"g\", \"tagSet\": [[\"a\"]], \"autoRollback\": {\"enabled\": true, "
                + "\"triggers\": [\"ON_TUESDAYS\"]}}"), 400, "INVALID_AUTO_ROLLBACK");
        Response port = post(groups, "{\"name\": \"g\", \"tagSet\": [[\"a\"]], \"healthChecks\": "
                + "[{\"type\": \"tcp\", \"target\": \"db:99999\"}]}");
        assertRefused(port, 400, "INVALID_HEALTH_CHECK");
        assertThat(port.json().path("details").path("field").asText()).isEqualTo("healthChecks[0].target");
        assertRefused(post(groups, "{\"name\": \"g\", \"tagSet\": [[\"a\"]], \"healthChecks\": "
                + "[{\"type\": \"ping\", \"target\": \"x\"}]}"), 400, "INVALID_HEALTH_CHECK");
        assertRefused(post(groups, "{\"name\": \"g\", \"tagSet\": [[\"a\"]], \"healthChecks\": "
                + "[{\"type\": \"http\", \"target\": \"ftp://x/\"}]}"), 400, "INVALID_HEALTH_CHECK");
        assertRefused(post(groups, "{\"name\": \"g\", \"tagSet\": [[\"a\"]], \"scriptTimeoutLimitSeconds\": 86401}"),
                400, "INVALID_SCRIPT_TIMEOUT_LIMIT");
        assertRefused(post(groups, "{\"name\": \"g h\", \"tagSet\": [[\"a\"]]}"), 400, "INVALID_GROUP_NAME");
        assertRefused(post("/api/v1/applications/nope-" + Secrets.newId("") + "/deployment-groups",
                "{\"name\": \"g\", \"tagSet\": [[\"a\"]]}"), 404, "APPLICATION_NOT_FOUND");
        assertThat(get(groups).json()).isEmpty();
    }

    @Test
    void rolesDecideWhoCreatesAndPushesAndEveryMutationIsAudited() {
        String app = app();
        String viewer = apiToken("viewer");
        String deployer = apiToken("deployer");

        Response viewerPush = upload(controller, viewer, "/api/v1/applications/" + app + "/revisions",
                validBundle().bytes(), true);
        Response deployerPush = upload(controller, deployer, "/api/v1/applications/" + app + "/revisions",
                validBundle().bytes(), true);
        Response deployerApp = controller.call("POST", "/api/v1/applications", deployer, "{\"name\": \"d\"}");
        Response deployerGroup = controller.call("POST", "/api/v1/applications/" + app + "/deployment-groups",
                deployer, "{\"name\": \"g\", \"tagSet\": [[\"a\"]]}");
        Response deployerConfig = controller.call("POST", "/api/v1/deployment-configs", deployer,
                "{\"name\": \"c\", \"minimumHealthyHosts\": {\"type\": \"HOST_COUNT\", \"value\": 1}}");
        Response viewerReads = controller.call("GET", "/api/v1/applications/" + app + "/revisions", viewer, null);

        assertRefused(viewerPush, 403, "FORBIDDEN");
        assertThat(deployerPush.status()).as(deployerPush.body()).isEqualTo(201);
        assertRefused(deployerApp, 403, "FORBIDDEN");
        assertRefused(deployerGroup, 403, "FORBIDDEN");
        assertRefused(deployerConfig, 403, "FORBIDDEN");
        assertThat(viewerReads.json()).hasSize(1);
        String revisionId = deployerPush.json().path("revisionId").asText();
        List<AuditEvent> audit = controller.parts().auditLog().latest(50);
        assertThat(audit).anySatisfy(event -> {
            assertThat(event.action()).isEqualTo("revision.push");
            assertThat(event.target()).isEqualTo(app + "/" + revisionId);
            assertThat(event.outcome()).isEqualTo("OK");
        });
        assertThat(audit).anySatisfy(event -> {
            assertThat(event.action()).isEqualTo("application.create");
            assertThat(event.target()).isEqualTo(app);
            assertThat(event.actor()).isEqualTo("admin");
        });
        assertThat(audit).anySatisfy(event -> {
            assertThat(event.action()).isEqualTo("deployment-group.create");
            assertThat(event.target()).isEqualTo(app);
            assertThat(event.outcome()).isEqualTo("FORBIDDEN");
        });
        assertThat(audit).anySatisfy(event -> {
            assertThat(event.action()).isEqualTo("deployment-config.create");
            assertThat(event.outcome()).isEqualTo("FORBIDDEN");
        });
    }

    @Test
    void openApiDocumentDescribesEveryCatalogPath() {
        JsonNode paths = get("/api/v1/openapi.json").json().path("paths");

        assertThat(paths.has("/api/v1/applications")).isTrue();
        assertThat(paths.path("/api/v1/applications/{app}/revisions").path("post").path("responses").has("422")).isTrue();
        assertThat(paths.path("/api/v1/applications/{app}/revisions").path("post").path("responses").has("413")).isTrue();
        assertThat(paths.has("/api/v1/applications/{app}/revisions/{id}")).isTrue();
        assertThat(paths.has("/api/v1/applications/{app}/deployment-groups/{name}")).isTrue();
        assertThat(paths.has("/api/v1/deployment-configs/{name}")).isTrue();
    }

    private static TarGz validBundle() {
        return new TarGz().file("appspec.yml", APPSPEC).directory("app").file("app/index.html", "<h1>hi</h1>")
                .script("scripts/start.sh", "#!/bin/sh\nexit 0\n");
    }

    private static String app() {
        String name = "app-" + Secrets.newId("");
        Response created = post("/api/v1/applications", "{\"name\": \"" + name + "\"}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return name;
    }

    private static Response push(String app, byte[] bundle, String query) {
        return upload(controller, admin, "/api/v1/applications/" + app + "/revisions" + query, bundle, true);
    }

    /** Uploads {@code body} as application/gzip, with a Content-Length or (when not {@code sized}) chunked. */
    private static Response upload(RunningController target, String token, String path, byte[] body, boolean sized) {
        HttpRequest.BodyPublisher publisher = sized ? HttpRequest.BodyPublishers.ofByteArray(body)
                : HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(body));
        HttpRequest request = HttpRequest.newBuilder(URI.create(target.apiUrl() + path))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/gzip")
                .POST(publisher)
                .build();
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Response get(String path) {
        return controller.call("GET", path, admin, null);
    }

    private static Response post(String path, String body) {
        return controller.call("POST", path, admin, body);
    }

    private static String apiToken(String role) {
        Response created = post("/api/v1/api-tokens", "{\"name\": \"" + role + "-" + Secrets.newId("")
                + "\", \"role\": \"" + role + "\"}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json().path("token").asText();
    }

    private static Agent enroll(Map<String, String> tags, AgentState state) {
        String id = Secrets.newId("agt-");
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        Agent agent = new Agent(id, "host-" + id, tags, "0.1.0", "Linux 6.1", now, now, state, now, null);
        controller.parts().agents().insert(agent);
        return agent;
    }

    private static List<String> storedBundles() throws IOException {
        try (Stream<Path> files = Files.walk(controller.parts().dataDir().resolve("bundles"))) {
            return files.filter(Files::isRegularFile).map(file -> file.getFileName().toString()).toList();
        }
    }

    private static List<String> names(JsonNode array) {
        List<String> names = new ArrayList<>();
        array.forEach(node -> names.add(node.path("name").asText()));
        return names;
    }

    private static void assertRefused(Response response, int status, String code) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.code()).as(response.body()).isEqualTo(code);
        assertThat(response.json().path("message").asText()).isNotBlank();
    }

    private static byte[] gzip(String text) {
        java.io.ByteArrayOutputStream buffer = new java.io.ByteArrayOutputStream();
        try (java.util.zip.GZIPOutputStream out = new java.util.zip.GZIPOutputStream(buffer)) {
            out.write(text.getBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return buffer.toByteArray();
    }

    private static String randomText(int length) {
        byte[] bytes = new byte[length];
        new java.util.Random(7).nextBytes(bytes);
        return java.util.Base64.getEncoder().encodeToString(bytes);
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
