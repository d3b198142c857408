package dev.hoist.agent.traffic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.hoist.agent.exchange.RouterAnswer;
import dev.hoist.agent.exchange.RouterRequest;
import dev.hoist.agent.traffic.HaproxyRuntime.ServerRow;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The balancer router against a real HAProxy on loopback, in front of two in-process HTTP servers:
 * BlockTraffic's drain waits for a request in flight, AllowTraffic waits for HAProxy's own health check,
 * the traffic guard keeps the last server up, and backends outside the agent's list are refused.
 */
class BalancerRouterTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private final CountDownLatch slowArrived = new CountDownLatch(1);
    private final CountDownLatch releaseSlow = new CountDownLatch(1);
    private final ExecutorService background = Executors.newCachedThreadPool();
    private final HttpClient http = HttpClient.newHttpClient();
    private HttpServer s1;
    private HttpServer s2;
    private Haproxy haproxy;
    private BalancerRouter router;

    @BeforeEach
    void start() throws IOException {
        Haproxy.requireHaproxy();
        s1 = server("s1", true);
        s2 = server("s2", false);
        int closed = Haproxy.freePort();
        haproxy = new Haproxy(dir, """
                backend web
                    option httpchk GET /health
                    server s1 127.0.0.1:%d check inter 100ms rise 2 fall 2
                    server s2 127.0.0.1:%d check inter 100ms rise 2 fall 2
                    server s3 127.0.0.1:%d check inter 100ms rise 2 fall 2
                backend other
                    server o1 127.0.0.1:%d check inter 100ms
                """.formatted(s1.getAddress().getPort(), s2.getAddress().getPort(), closed,
                s2.getAddress().getPort()), "web");
        router = new BalancerSettings(haproxy.socket().toString(), Set.of("web")).build();
        await("s1 and s2 up").atMost(WAIT).until(() -> status("s1").equals("UP") && status("s2").equals("UP"));
    }

    @AfterEach
    void stop() throws InterruptedException {
        releaseSlow.countDown();
        background.shutdownNow();
        if (router != null) {
            router.close();
        }
        if (haproxy != null) {
            haproxy.close();
        }
        if (s1 != null) {
            s1.stop(0);
            s2.stop(0);
        }
    }

    @Test
    void blockDrainsTheRequestInFlightBeforeMaintenanceAndAllowWaitsForTheHealthCheck() throws Exception {
        CompletableFuture<String> slow = CompletableFuture.supplyAsync(this::slowRequestOnS1, background);
        assertThat(slowArrived.await(WAIT.toSeconds(), TimeUnit.SECONDS)).as("a slow request reached s1").isTrue();

        CompletableFuture<RouterAnswer> block = CompletableFuture.supplyAsync(() -> router.handle(
                new RouterRequest("r-1", RouterRequest.Action.BLOCK, List.of("web"), "s1", 60, 30, 30)), background);

        await("s1 draining with its request in flight").atMost(WAIT)
                .until(() -> row("s1").status().equals("DRAIN") && row("s1").connections() == 1);
        assertThat(block).as("the drain waits for the request in flight").isNotDone();
        for (int i = 0; i < 4; i++) {
            assertThat(get("/")).as("new requests go to the other server while s1 drains").isEqualTo("s2");
        }

        releaseSlow.countDown();
        RouterAnswer blocked = block.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(blocked.ok()).as(blocked.message()).isTrue();
        assertThat(blocked.message()).contains("s1 drained").contains("maintenance");
        assertThat(slow.get(WAIT.toSeconds(), TimeUnit.SECONDS)).as("the request in flight completed").isEqualTo("s1");
        assertThat(status("s1")).isEqualTo("MAINT");
        assertThat(blocked.servers()).anySatisfy(s -> {
            assertThat(s.server()).isEqualTo("s1");
            assertThat(s.adminState()).isEqualTo("MAINT");
        });

        RouterAnswer allowed = router.handle(new RouterRequest("r-2", RouterRequest.Action.ALLOW, List.of("web"), "s1",
                60, 30, 30));
        assertThat(allowed.ok()).as(allowed.message()).isTrue();
        assertThat(allowed.message()).contains("reported UP by the balancer's health check");
        assertThat(status("s1")).isEqualTo("UP");
    }

    @Test
    void theTrafficGuardNeverTakesOutTheLastServerUp() throws Exception {
        haproxy.runtime().setState("web", "s2", "maint");

        RouterAnswer refused = router.handle(new RouterRequest("r-3", RouterRequest.Action.BLOCK, List.of("web"), "s1",
                60, 30, 1));

        assertThat(refused.ok()).isFalse();
        assertThat(refused.failure()).isEqualTo("TRAFFIC_BLOCK_FAILED");
        assertThat(refused.message()).contains("traffic guard").contains("s1 is the only server up").contains("[web]");
        assertThat(status("s1")).as("s1 still serves").isEqualTo("UP");
        assertThat(get("/")).isEqualTo("s1");
    }

    @Test
    void allowFailsWhenTheHealthCheckNeverReportsTheServerUp() throws Exception {
        haproxy.runtime().setState("web", "s3", "maint");

        RouterAnswer failed = router.handle(new RouterRequest("r-4", RouterRequest.Action.ALLOW, List.of("web"), "s3",
                60, 1, 30));

        assertThat(failed.ok()).isFalse();
        assertThat(failed.failure()).isEqualTo("TRAFFIC_ALLOW_FAILED");
        assertThat(failed.message()).contains("did not report it up within 1 s");
    }

    @Test
    void backendsOutsideTheAgentsListAndUnknownServersAreRefused() throws Exception {
        RouterAnswer foreign = router.handle(new RouterRequest("r-5", RouterRequest.Action.BLOCK, List.of("other"),
                "o1", 60, 30, 30));
        assertThat(foreign.failure()).isEqualTo("ROUTER_REFUSED");
        assertThat(foreign.message()).contains("[other]");
        assertThat(status("o1")).as("untouched").isNotEqualTo("MAINT");

        RouterAnswer unknown = router.handle(new RouterRequest("r-6", RouterRequest.Action.ALLOW, List.of("web"),
                "nosuch", 60, 30, 30));
        assertThat(unknown.ok()).isFalse();
        assertThat(unknown.message()).contains("No such server");

        RouterAnswer read = router.handle(new RouterRequest("r-7", RouterRequest.Action.READ, List.of("web"), "", 0, 0,
                0));
        assertThat(read.ok()).isTrue();
        assertThat(read.servers()).extracting(RouterAnswer.ServerState::server).containsExactly("s1", "s2", "s3");
    }

    @Test
    void theRuntimeApiIsReachedOnALoopbackPortAndNeverOnAnotherAddress() throws Exception {
        BalancerRouter overTcp = new BalancerSettings("127.0.0.1:" + haproxy.adminPort(), Set.of("web")).build();
        try {
            RouterAnswer read = overTcp.handle(new RouterRequest("r-8", RouterRequest.Action.READ, List.of("web"), "",
                    0, 0, 0));
            assertThat(read.ok()).as(read.message()).isTrue();
            assertThat(read.servers()).hasSize(3);
        } finally {
            overTcp.close();
        }
        assertThatThrownBy(() -> new BalancerSettings("192.0.2.10:9999", Set.of("web")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("loopback");
    }

    private String slowRequestOnS1() {
        try {
            while (true) {
                String answer = get("/slow");
                if (answer.equals("s1")) {
                    return answer;
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private String get(String path) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + haproxy.frontendPort() + path)).timeout(WAIT).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return response.body();
    }

    private String status(String server) throws IOException {
        return row(server).status();
    }

    private ServerRow row(String server) throws IOException {
        return haproxy.runtime().servers().stream().filter(r -> r.server().equals(server)).findFirst().orElseThrow();
    }

    private HttpServer server(String name, boolean slowWaits) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(background);
        server.createContext("/", exchange -> {
            if (exchange.getRequestURI().getPath().equals("/slow") && slowWaits) {
                slowArrived.countDown();
                try {
                    releaseSlow.await(WAIT.toSeconds(), TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            answer(exchange, name);
        });
        server.start();
        return server;
    }

    private static void answer(HttpExchange exchange, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(200, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }
}
