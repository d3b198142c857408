package dev.hoist.cli.deployments;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hoist.cli.client.ApiClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Wake-ups from the controller's server-sent events ({@code GET /api/v1/stream}): a {@code deployment}
 * or {@code host} event about a watched deployment wakes the watcher, which then fetches the whole
 * deployment. The stream only shortens the wait; if it cannot be opened or breaks, {@link #live()}
 * turns false and the watcher polls, so progress never depends on it.
 */
public final class ServerSentWakeUps implements WakeUps {
    static final String PATH = "/api/v1/stream";
    private static final Duration JOIN_ON_CLOSE = Duration.ofSeconds(1);

    private final Semaphore notices = new Semaphore(0);
    private final Set<String> watched = ConcurrentHashMap.newKeySet();
    private final ObjectMapper json;
    private final Thread reader;
    private volatile boolean live;
    private volatile boolean closed;
    private volatile Stream<String> lines;
    private final java.util.Map<String, Long> noticedSeqs = new ConcurrentHashMap<>();

    private ServerSentWakeUps(ApiClient client, ObjectMapper json) {
        this.json = json;
        this.reader = new Thread(() -> read(client), "hoist-event-stream");
        this.reader.setDaemon(true);
    }

    /** Starts reading the stream in the background; returns at once. */
    public static ServerSentWakeUps open(ApiClient client, ObjectMapper json, String deploymentId) {
        ServerSentWakeUps wakeUps = new ServerSentWakeUps(client, json);
        wakeUps.watch(deploymentId);
        wakeUps.reader.start();
        return wakeUps;
    }

    @Override
    public void watch(String deploymentId) {
        watched.add(deploymentId);
    }

    @Override
    public boolean live() {
        return live;
    }

    @Override
    public long noticedSeq(String deploymentId) {
        return noticedSeqs.getOrDefault(deploymentId, 0L);
    }

    @Override
    public boolean await(Duration max) throws InterruptedException {
        boolean notice = notices.tryAcquire(Math.max(1, max.toMillis()), TimeUnit.MILLISECONDS);
        notices.drainPermits();
        return notice;
    }

    @Override
    public void close() {
        closed = true;
        Stream<String> open = lines;
        if (open != null) {
            open.close();
        }
        reader.interrupt();
        try {
            // Let the reader leave its socket read before the JVM exits: a JVM exiting with a thread in
            // native code waits 300 ms for it.
            reader.join(JOIN_ON_CLOSE.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void read(ApiClient client) {
        // Deployment and host changes only (the stream leaves log lines out unless asked).
        try (Stream<String> stream = client.lines(PATH)) {
            lines = stream;
            if (closed) {
                return;
            }
            live = true;
            // Anything that happened between our last fetch and the stream opening: look once more.
            notices.release();
            EventParser parser = new EventParser();
            stream.forEach(parser::accept);
        } catch (RuntimeException e) {
            // Refused, unreachable or hung up: the watcher polls instead.
        } finally {
            live = false;
            notices.release();
        }
    }

    /** Assembles {@code event:} and {@code data:} lines into events; a blank line ends one. */
    private final class EventParser {
        private String event = "message";
        private String id = "";
        private final StringBuilder data = new StringBuilder();

        void accept(String line) {
            if (closed) {
                throw new UncheckedIOException(new IOException("closed"));
            }
            if (line.isEmpty()) {
                dispatch();
                event = "message";
                id = "";
                data.setLength(0);
            } else if (line.startsWith("id:")) {
                id = line.substring(3).trim();
            } else if (line.startsWith("event:")) {
                event = line.substring(6).trim();
            } else if (line.startsWith("data:")) {
                data.append(data.length() == 0 ? "" : "\n").append(line.substring(5).trim());
            }
        }

        private void dispatch() {
            if (data.length() == 0 || "log".equals(event)) {
                return;
            }
            String about = watchedIn(data.toString());
            if (about != null) {
                noticedSeqs.merge(about, seqOf(id), Math::max);
                notices.release();
            }
        }

        /** The commit number in an event id {@code SEQ.N}; 0 when there is none. */
        private static long seqOf(String eventId) {
            int dot = eventId.indexOf('.');
            try {
                return Long.parseLong(dot < 0 ? eventId : eventId.substring(0, dot));
            } catch (NumberFormatException e) {
                return 0;
            }
        }

        /** The watched deployment the change is about; null when none (or "" when it cannot be told). */
        private String watchedIn(String payload) {
            try {
                JsonNode node = json.readTree(payload);
                for (String field : new String[] {"deploymentId", "id"}) {
                    if (watched.contains(node.path(field).asText())) {
                        return node.path(field).asText();
                    }
                }
                return null;
            } catch (IOException e) {
                return ""; // cannot tell: one fetch too many is cheap
            }
        }
    }
}
