package dev.hoist.bench;

import dev.hoist.agent.AgentAssembly;
import dev.hoist.agent.AgentVersion;
import dev.hoist.agent.connection.ControllerConnection;
import dev.hoist.agent.connection.EnrollmentAnswer;
import dev.hoist.agent.connection.EnrollmentExchange;
import dev.hoist.agent.connection.EnrollmentRequest;
import dev.hoist.agent.connection.HostFactsCollector;
import dev.hoist.agent.deploy.AgentDeployments;
import dev.hoist.agent.deploy.DeploymentThreads;
import dev.hoist.agent.identity.AgentCredentials;
import dev.hoist.agent.identity.CaPin;
import dev.hoist.agent.identity.CertificateRequests;
import dev.hoist.agent.identity.ControllerAddress;
import dev.hoist.agent.identity.CredentialStore;
import dev.hoist.agent.lifecycle.EngineSettings;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * N agents in one JVM. Each is enrolled for real (its own key, a CSR, a join token, the controller's
 * signature), keeps its own mTLS connection with the agent's own {@link ControllerConnection} (back-off,
 * hello, heartbeats, renewal) and runs commands with the agent's own {@link AgentDeployments} (ledger,
 * outbox, log batching, bundle cache) under its own state directory; only the hooks are simulated
 * ({@link SimulatedHooks}). What the agents share, so that 10,000 fit: the event loops, one work thread
 * pool, the deployment threads (command decisions striped over a few single threads, so each agent's
 * commands keep their order), and the JVM.
 */
final class Swarm implements AutoCloseable {
    /** Each agent enrolls with a tag of its own under this key; the join token must allow it. */
    static final String TAG_KEY = "swarm";
    private static final int CONTROL_STRIPES = 8;

    private final Path root;
    private final EventLoopGroup loops;
    private final ExecutorService work;
    private final ExecutorService runs;
    private final ScheduledExecutorService logFlush;
    private final List<ExecutorService> control = new ArrayList<>();
    private final SimulatedHooks hooks;
    private final List<SwarmAgent> agents = Collections.synchronizedList(new ArrayList<>());
    /** Agents enrolled so far: each one's state directory is {@code agent-<index>}, across calls to enroll. */
    private final AtomicInteger next = new AtomicInteger();
    private final AgentDeployments.Settings settings = new AgentDeployments.Settings(100, 20_000,
            Duration.ofMillis(100), 256, 1 << 20, 8L << 20, Duration.ofMinutes(2), new EngineSettings());

    Swarm(Path root, int ioThreads, int runThreads, SimulatedHooks hooks) {
        this.root = root;
        this.loops = new MultiThreadIoEventLoopGroup(ioThreads, new DefaultThreadFactory("swarm-io"),
                NioIoHandler.newFactory());
        this.work = Executors.newFixedThreadPool(4, daemon("swarm-work"));
        this.runs = Executors.newFixedThreadPool(runThreads, daemon("swarm-run"));
        this.logFlush = Executors.newScheduledThreadPool(2, daemon("swarm-log-flush"));
        for (int i = 0; i < CONTROL_STRIPES; i++) {
            control.add(Executors.newSingleThreadExecutor(daemon("swarm-control-" + i)));
        }
        this.hooks = hooks;
    }

    List<SwarmAgent> agents() {
        return agents;
    }

    /** One enrolled identity, before it becomes an agent. */
    record Enrolled(AgentCredentials credentials, Path stateDir) {
    }

    /**
     * Enrolls {@code count} agents with {@code token}, {@code concurrency} at a time, each through the agent's
     * own {@link EnrollmentExchange}; returns them once all are enrolled.
     */
    List<Enrolled> enroll(int count, String controller, String token, String caPin, int concurrency,
            Duration deadline) throws Exception {
        ControllerAddress address = ControllerAddress.parse(controller);
        CaPin pin = new CaPin(caPin);
        ExecutorService pool = Executors.newFixedThreadPool(concurrency, daemon("swarm-enroll"));
        try {
            List<Future<Enrolled>> futures = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                futures.add(pool.submit(() -> enrollOne(next.getAndIncrement(), address, pin, token)));
            }
            List<Enrolled> enrolled = new ArrayList<>();
            long end = System.nanoTime() + deadline.toNanos();
            for (Future<Enrolled> future : futures) {
                enrolled.add(future.get(Math.max(1, end - System.nanoTime()), TimeUnit.NANOSECONDS));
            }
            return enrolled;
        } finally {
            pool.shutdownNow();
        }
    }

    private Enrolled enrollOne(int index, ControllerAddress address, CaPin pin, String token) throws Exception {
        Path dir = root.resolve("agent-" + index);
        Files.createDirectories(dir);
        HostFactsCollector facts = new HostFactsCollector(dir);
        KeyPair keyPair = CertificateRequests.newKeyPair();
        EnrollmentRequest request = new EnrollmentRequest(token, CertificateRequests.csr(keyPair, "swarm-" + index),
                Map.of(TAG_KEY, String.valueOf(index)), AgentVersion.current());
        EnrollmentAnswer answer = null;
        for (int attempt = 0; attempt < 5; attempt++) {
            try {
                answer = new EnrollmentExchange(Clock.systemUTC(), Duration.ofSeconds(60),
                        EnrollmentExchange.DEFAULT_SERVER_NAME, facts).exchange(address, pin, request);
                break;
            } catch (dev.hoist.agent.connection.EnrollmentException e) {
                if (attempt == 4) {
                    throw e;
                }
                Thread.sleep(500L << attempt);
            }
        }
        if (answer.status() != EnrollmentAnswer.Status.OK) {
            throw new IllegalStateException("enrollment " + index + " refused: " + answer.statusName() + " "
                    + answer.message());
        }
        CertificateFactory x509 = CertificateFactory.getInstance("X.509");
        X509Certificate certificate = (X509Certificate) x509.generateCertificate(
                new ByteArrayInputStream(answer.certificateDer()));
        List<X509Certificate> cas = new ArrayList<>();
        for (byte[] der : answer.caCertificatesDer()) {
            cas.add((X509Certificate) x509.generateCertificate(new ByteArrayInputStream(der)));
        }
        return new Enrolled(new AgentCredentials(answer.agentId(), address, keyPair.getPrivate(), certificate, cas),
                dir);
    }

    /** Wires each enrolled identity as an agent (nothing connects yet). */
    void assemble(List<Enrolled> enrolled) throws Exception {
        for (Enrolled one : enrolled) {
            DeploymentThreads threads = new DeploymentThreads(control.get(agents.size() % CONTROL_STRIPES), runs,
                    logFlush);
            AgentDeployments deployments = AgentAssembly.deployments(one.stateDir(), one.stateDir().resolve("deployments"),
                    Clock.systemUTC(), settings, hooks, threads);
            deployments.recoverAfterRestart();
            agents.add(new SwarmAgent(one.credentials(), one.stateDir(), deployments));
        }
    }

    /**
     * Starts every agent's connection, keeping at most {@code inFlight} started but not yet accepted (so the
     * first connection of a fresh swarm does not arrive as one burst), and waits until all are connected.
     */
    void connectAll(int inFlight, Duration deadline) throws InterruptedException {
        long end = System.nanoTime() + deadline.toNanos();
        int started = 0;
        for (SwarmAgent agent : agents) {
            while (started - connected() >= inFlight) {
                check(end, "connecting (" + connected() + " of " + agents.size() + " connected)");
                Thread.sleep(5);
            }
            CredentialStore store = new CredentialStore(agent.stateDir);
            agent.connectWith(AgentAssembly.connection(store, agent.credentials, Clock.systemUTC(), agent,
                    ControllerConnection.Settings.defaults(), loops, work));
            started++;
        }
        awaitConnected(agents.size(), deadline, end);
    }

    void awaitConnected(int count, Duration deadline, long end) throws InterruptedException {
        while (connected() < count) {
            check(end, "waiting for " + count + " connected agents (" + connected() + " after " + deadline + ")");
            Thread.sleep(20);
        }
    }

    int connected() {
        int connected = 0;
        synchronized (agents) {
            for (SwarmAgent agent : agents) {
                if (agent.isConnected()) {
                    connected++;
                }
            }
        }
        return connected;
    }

    private static void check(long end, String what) {
        if (System.nanoTime() > end) {
            throw new IllegalStateException("deadline passed: " + what);
        }
    }

    static ThreadFactory daemon(String name) {
        AtomicInteger counter = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, name + "-" + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    @Override
    public void close() {
        agents.forEach(SwarmAgent::stop);
        loops.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(10, TimeUnit.SECONDS);
        work.shutdownNow();
        runs.shutdownNow();
        logFlush.shutdownNow();
        control.forEach(ExecutorService::shutdownNow);
    }
}
