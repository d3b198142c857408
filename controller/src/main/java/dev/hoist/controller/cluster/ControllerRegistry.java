package dev.hoist.controller.cluster;

import dev.hoist.controller.core.Secrets;
import io.dropwizard.lifecycle.Managed;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This controller's row among the controllers on its database: registered when it starts, its
 * heartbeat renewed every {@code heartbeatInterval} on a thread of its own, removed when it stops. A
 * controller whose heartbeat is older than {@code livenessTimeout} is taken for gone.
 *
 * <p>The id is kept in {@code <data>/controller.id}, so that a controller restarted (after a crash too)
 * takes its own row back rather than meeting itself as another, live controller.
 */
public final class ControllerRegistry implements Managed {
    static final String ID_FILE = "controller.id";
    /** Rows of controllers silent for this long are removed: they are not coming back under that id soon. */
    private static final Duration FORGET_AFTER = Duration.ofDays(1);
    private static final Logger LOG = LoggerFactory.getLogger(ControllerRegistry.class);

    private final ControllerRows rows;
    private final String id;
    private final Supplier<String> address;
    private final Duration heartbeatInterval;
    private final Duration livenessTimeout;
    private final Clock clock;
    private ScheduledExecutorService heartbeats;

    ControllerRegistry(ControllerRows rows, String id, Supplier<String> address, Duration heartbeatInterval,
            Duration livenessTimeout, Clock clock) {
        this.rows = rows;
        this.id = id;
        this.address = address;
        this.heartbeatInterval = heartbeatInterval;
        this.livenessTimeout = livenessTimeout;
        this.clock = clock;
    }

    /** This controller's id, read from {@code <data>/controller.id} or made (and written there) on first start. */
    static String idOf(Path dataDir) throws IOException {
        Path file = dataDir.resolve(ID_FILE);
        if (Files.exists(file)) {
            String id = Files.readString(file, StandardCharsets.US_ASCII).trim();
            if (!id.isEmpty()) {
                return id;
            }
        }
        String id = Secrets.newId("ctl-");
        Path temp = file.resolveSibling(ID_FILE + ".tmp");
        Files.writeString(temp, id + "\n", StandardCharsets.US_ASCII);
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        return id;
    }

    public String id() {
        return id;
    }

    /** Registers this controller and starts its heartbeat: from here on, others see it live. */
    void register() {
        Instant now = clock.instant();
        int forgotten = rows.removeSilentSince(now.minus(FORGET_AFTER));
        if (forgotten > 0) {
            LOG.info("Forgot {} controllers silent for more than {}", forgotten, FORGET_AFTER);
        }
        rows.register(id, address.get(), now);
        heartbeats = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "hoist-controller-heartbeat");
            thread.setDaemon(true);
            return thread;
        });
        heartbeats.scheduleWithFixedDelay(this::beat, heartbeatInterval.toMillis(), heartbeatInterval.toMillis(),
                TimeUnit.MILLISECONDS);
        LOG.info("Registered as controller {} ({}), heartbeat every {}", id, address.get(), heartbeatInterval);
    }

    private void beat() {
        try {
            rows.heartbeat(id, address.get(), clock.instant());
        } catch (RuntimeException e) {
            // The database is away: the next beat tries again; others take this controller for gone meanwhile.
            LOG.warn("Renewing controller {}'s heartbeat failed: {}", id, e.toString());
        }
    }

    /** The other controllers whose heartbeat is recent enough to take them for running. */
    public List<ControllerRows.Controller> liveOthers() {
        Instant oldest = clock.instant().minus(livenessTimeout);
        return rows.list().stream()
                .filter(row -> !row.id().equals(id) && !row.heartbeatAt().isBefore(oldest))
                .toList();
    }

    @Override
    public void start() {
        // Registered in the composition root already: the refusals at start need the row.
    }

    @Override
    public void stop() {
        if (heartbeats != null) {
            heartbeats.shutdownNow();
        }
        try {
            rows.remove(id);
        } catch (RuntimeException e) {
            LOG.warn("Removing controller {}'s row failed; others take it for gone after {}: {}", id,
                    livenessTimeout, e.toString());
        }
    }
}
