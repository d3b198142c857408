package dev.hoist.controller.e2e;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A bounded stream of requests to a loopback address while a deployment runs: a few threads ask for
 * {@code /} and a few for {@code /slow} (which the app answers late, so requests are in flight when a host
 * is drained), each until {@link #close} or its own deadline or request budget. Counts answers by body
 * and keeps every failure (any status but 200, any I/O error).
 */
final class LoadGenerator implements AutoCloseable {
    private static final Duration DEADLINE = Duration.ofMinutes(5);
    private static final long MAX_REQUESTS_PER_THREAD = 200_000;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final List<Thread> threads = new ArrayList<>();
    private final AtomicLong succeeded = new AtomicLong();
    private final AtomicLong slowSucceeded = new AtomicLong();
    private final List<String> failures = new CopyOnWriteArrayList<>();
    private final Map<String, Long> bodies = new ConcurrentHashMap<>();

    LoadGenerator(int port, int fastThreads, int slowThreads) {
        this.base = "http://127.0.0.1:" + port;
        for (int i = 0; i < fastThreads + slowThreads; i++) {
            boolean slow = i >= fastThreads;
            Thread thread = new Thread(() -> loop(slow ? "/slow" : "/"), "load-" + i);
            thread.setDaemon(true);
            threads.add(thread);
            thread.start();
        }
    }

    private void loop(String path) {
        long end = System.nanoTime() + DEADLINE.toNanos();
        for (long n = 0; n < MAX_REQUESTS_PER_THREAD && running.get() && System.nanoTime() - end < 0; n++) {
            try {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base + path))
                        .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    succeeded.incrementAndGet();
                    if (path.equals("/slow")) {
                        slowSucceeded.incrementAndGet();
                    }
                    bodies.merge(response.body().split(" ")[0], 1L, Long::sum);
                } else {
                    failures.add(path + ": HTTP " + response.statusCode() + " " + response.body().strip());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                failures.add(path + ": " + e);
            }
        }
    }

    long succeeded() {
        return succeeded.get();
    }

    long slowSucceeded() {
        return slowSucceeded.get();
    }

    List<String> failures() {
        return List.copyOf(failures);
    }

    /** Answers by the first word of their body (the app's version). */
    Map<String, Long> versions() {
        return Map.copyOf(bodies);
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        for (Thread thread : threads) {
            thread.join(Duration.ofSeconds(30).toMillis());
        }
    }
}
