package dev.hoist.controller.e2e;

import static dev.hoist.controller.e2e.FleetDeploymentIT.push;
import static dev.hoist.controller.e2e.HoistCluster.assertSucceeded;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import dev.hoist.controller.core.Secrets;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} of a real controller process at many points of real deployments, each right after
 * something was acknowledged: an agent's result (the agent has forgotten the command), the deployment
 * read back Succeeded through the API, a host's hooks under way. After each restart the deployment must
 * end as it would have without the kill: nothing acknowledged is lost (no AGENT_LOST for a host whose
 * result was acknowledged, no Succeeded turning back into InProgress), and nothing is doubled (each
 * event once, each hook's output once). On the embedded SQLite store and on PostgreSQL.
 */
class ControllerKillIT {
    private static final Duration DEADLINE = Duration.ofMinutes(2);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path work;

    private static final String POSTGRES = "jdbc:postgresql://127.0.0.1:5432/test";

    private HoistCluster cluster;
    private String schema;

    @AfterEach
    void stopEverything() {
        if (cluster != null) {
            cluster.close();
        }
        if (schema != null) {
            Jdbi.create(POSTGRES, "postgres", "").useHandle(h -> h.execute("DROP SCHEMA " + schema + " CASCADE"));
        }
    }

    @Test
    void killedRightAfterAcknowledgingTheControllerLosesAndDoublesNothing() throws Exception {
        cluster = new HoistCluster(work).startController();
        killAtEveryPoint();
    }

    @Test
    void theSameOnPostgresql() throws Exception {
        schema = Secrets.newId("hoist_kill_").toLowerCase(Locale.ROOT);
        Jdbi.create(POSTGRES, "postgres", "").useHandle(h -> h.execute("CREATE SCHEMA " + schema));
        cluster = new HoistCluster(work).withDatabase(POSTGRES + "?currentSchema=" + schema).startController();
        killAtEveryPoint();
    }

    private void killAtEveryPoint() throws Exception {
        assertSucceeded(cluster.cli("app", "create", "shop"));
        cluster.addAgents(List.of("web-1", "web-2"), "role=web");
        assertSucceeded(cluster.cli("group", "create", "--app", "shop", "--name", "web", "--tag", "role=web",
                "--config", "AllAtOnce"));

        int round = 0;
        for (KillPoint point : KillPoint.values()) {
            round++;
            String version = "v" + round;
            push(cluster, "shop", TestBundle.version(version));
            String id = deploy();
            await("kill point " + point + " of deployment " + id).atMost(DEADLINE).pollInterval(Duration.ofMillis(20))
                    .until(condition(point, id, version));
            cluster.killController();
            cluster.startController();

            JsonNode deployment = awaitEnded(id);
            assertThat(deployment.get("status").asText()).as(point + ": " + deployment).isEqualTo("Succeeded");
            String logs = logs(id);
            for (JsonNode host : deployment.get("hosts")) {
                assertThat(host.get("status").asText()).as(point + ": " + host).isEqualTo("Succeeded");
                List<String> events = new ArrayList<>();
                host.get("events").forEach(event -> {
                    events.add(event.get("event").asText());
                    assertThat(event.get("status").asText()).as(point + ": " + event).isEqualTo("Succeeded");
                });
                assertThat(events).as(point + ": each event once").doesNotHaveDuplicates();
                String name = cluster.agentById(host.get("agentId").asText()).name;
                for (String hook : List.of("BeforeInstall", "AfterInstall", "ApplicationStart", "ValidateService")) {
                    String line = hook + " of " + version + " on " + name;
                    assertThat(logs.lines().filter(l -> l.contains(line)).count())
                            .as(point + ": output line '" + line + "' once in\n" + logs).isEqualTo(1);
                }
            }
        }
    }

    /** Where each round kills the controller. */
    private enum KillPoint {
        /** An agent was told its result is stored and forgot the command. */
        RESULT_ACKNOWLEDGED,
        /** The API answered that the deployment Succeeded. */
        READ_SUCCEEDED,
        /** A host has started its hooks: reports are flowing. */
        HOOKS_UNDER_WAY,
        /** Every host has finished its hooks, results in flight. */
        HOOKS_DONE
    }

    private Callable<Boolean> condition(KillPoint point, String id, String version) {
        return switch (point) {
            case RESULT_ACKNOWLEDGED -> () -> acknowledged("web-1", id) || acknowledged("web-2", id);
            case READ_SUCCEEDED -> () -> "Succeeded".equals(cluster.deployment(id).get("status").asText());
            case HOOKS_UNDER_WAY -> () -> traced("web-1", "BeforeInstall " + version)
                    || traced("web-2", "BeforeInstall " + version);
            case HOOKS_DONE -> () -> traced("web-1", "ValidateService " + version)
                    && traced("web-2", "ValidateService " + version);
        };
    }

    /** The agent's command ledger says the controller acknowledged its result for deployment {@code id}. */
    private boolean acknowledged(String agent, String id) {
        Path ledger = cluster.agent(agent).state.resolve("commands");
        if (!Files.isDirectory(ledger)) {
            return false;
        }
        try (Stream<Path> files = Files.list(ledger)) {
            return files.filter(file -> file.toString().endsWith(".json")).anyMatch(file -> {
                try {
                    JsonNode record = JSON.readTree(file.toFile());
                    return id.equals(record.path("deploymentId").asText())
                            && record.path("resultAcknowledged").asBoolean();
                } catch (IOException e) {
                    return false; // being replaced right now
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The agent's trace (one line per hook run: EVENT VERSION DEPLOYMENT) shows {@code eventAndVersion}. */
    private boolean traced(String agent, String eventAndVersion) {
        Path trace = cluster.agent(agent).hostDir.resolve("trace");
        try {
            return Files.exists(trace) && Files.readAllLines(trace).stream()
                    .anyMatch(line -> line.startsWith(eventAndVersion + " "));
        } catch (IOException e) {
            return false;
        }
    }

    private String deploy() {
        HoistProcesses.Result run = cluster.cli("deploy", "--app", "shop", "--group", "web");
        assertSucceeded(run);
        return run.stdout().trim();
    }

    private String logs(String id) {
        HoistProcesses.Result run = cluster.cli("deployment", "logs", id);
        assertSucceeded(run);
        return run.stdout();
    }

    private JsonNode awaitEnded(String id) {
        return await("deployment " + id + " ends").atMost(DEADLINE).pollInterval(Duration.ofMillis(300))
                .ignoreExceptions()
                .until(() -> cluster.deployment(id), deployment -> List.of("Succeeded", "Failed", "Stopped")
                        .contains(deployment.get("status").asText()));
    }
}
