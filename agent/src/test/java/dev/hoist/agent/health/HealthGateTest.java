package dev.hoist.agent.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Real probes against loopback servers and real commands; time is a fake so no test waits. */
class HealthGateTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final FakeTicker ticker = new FakeTicker();
    private final HealthGate gate = new HealthGate(new HealthProbe(), ticker);
    private final List<String> progress = new ArrayList<>();
    private HttpServer server;

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void healthyHttpPassesEveryRoundOfTheBakeTime() throws Exception {
        AtomicInteger requests = new AtomicInteger();
        URI url = serve(() -> {
            requests.incrementAndGet();
            return 200;
        });

        String failure = gate.await(List.of(new HealthCheck.Http(url, 200, TIMEOUT)),
                Duration.ofSeconds(30), Duration.ofSeconds(10), progress::add);

        assertThat(failure).isNull();
        assertThat(requests).hasValue(4); // at 0, 10, 20 and 30 s
        assertThat(progress).hasSize(4).allMatch(line -> line.contains("passed"));
    }

    @Test
    void aServiceThatTurnsUnhealthyDuringTheBakeFailsTheGate() throws Exception {
        AtomicInteger requests = new AtomicInteger();
        URI url = serve(() -> requests.incrementAndGet() < 3 ? 200 : 503);

        String failure = gate.await(List.of(new HealthCheck.Http(url, 0, TIMEOUT)),
                Duration.ofSeconds(60), Duration.ofSeconds(5), progress::add);

        assertThat(failure).contains("answered 503").contains("expected a 2xx status");
        assertThat(progress).last().asString().startsWith("health check round 3");
    }

    @Test
    void anUnexpectedStatusIsNamedInTheFailure() throws Exception {
        URI url = serve(() -> 204);

        assertThat(gate.await(List.of(new HealthCheck.Http(url, 200, TIMEOUT)), Duration.ZERO,
                Duration.ofSeconds(1), progress::add)).contains("answered 204, expected status 200");
    }

    @Test
    void tcpChecksNeedSomethingListening() throws Exception {
        int closedPort;
        try (ServerSocket listening = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            HealthCheck.Tcp open = HealthCheck.Tcp.parse("127.0.0.1:" + listening.getLocalPort(), TIMEOUT);
            assertThat(gate.await(List.of(open), Duration.ZERO, Duration.ofSeconds(1), progress::add)).isNull();
            closedPort = listening.getLocalPort();
        }
        HealthCheck.Tcp closed = HealthCheck.Tcp.parse("127.0.0.1:" + closedPort, TIMEOUT);
        assertThat(gate.await(List.of(closed), Duration.ZERO, Duration.ofSeconds(1), progress::add))
                .contains("TCP 127.0.0.1:" + closedPort).contains("not accepting connections");
    }

    @Test
    void commandChecksPassOnExitZeroAndFailOtherwiseOrOnTimeout() throws Exception {
        assertThat(gate.await(List.of(new HealthCheck.Command("test -d /", TIMEOUT)), Duration.ZERO,
                Duration.ofSeconds(1), progress::add)).isNull();
        assertThat(gate.await(List.of(new HealthCheck.Command("exit 3", TIMEOUT)), Duration.ZERO,
                Duration.ofSeconds(1), progress::add)).isEqualTo("command exit 3 exited 3");
        assertThat(gate.await(List.of(new HealthCheck.Command("sleep 30", Duration.ofMillis(200))),
                Duration.ZERO, Duration.ofSeconds(1), progress::add)).contains("did not finish within");
    }

    @Test
    void noChecksMeansHealthy() throws Exception {
        assertThat(gate.await(List.of(), Duration.ofMinutes(5), Duration.ofSeconds(1), progress::add)).isNull();
        assertThat(progress).isEmpty();
    }

    @Test
    void badTcpAddressesAreRefusedWithAnExample() {
        assertThatThrownBy(() -> HealthCheck.Tcp.parse("localhost", TIMEOUT)).hasMessageContaining("host:port");
        assertThatThrownBy(() -> HealthCheck.Tcp.parse("localhost:99999", TIMEOUT))
                .hasMessageContaining("no valid port");
        assertThat(HealthCheck.Tcp.parse("[::1]:80", TIMEOUT).host()).isEqualTo("::1");
    }

    private URI serve(java.util.function.IntSupplier status) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/health", exchange -> {
            exchange.sendResponseHeaders(status.getAsInt(), -1);
            exchange.close();
        });
        server.start();
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/health");
    }

    /** Time that moves only when the gate pauses. */
    private static final class FakeTicker implements HealthGate.Ticker {
        private long now;

        @Override
        public long nanoTime() {
            return now;
        }

        @Override
        public void pause(Duration duration) {
            now += duration.toNanos();
        }
    }
}
