package dev.hoist.controller.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A server-sent events client for tests: reads events (id, name, data; comments skipped) on a thread
 * of its own into a queue that {@link #next} takes from with a deadline.
 */
public final class SseClient implements AutoCloseable {
    /** One event as sent; {@code id} is empty when the event had none. */
    public record Event(String id, String name, String data) {
    }

    private static final Event END = new Event("", "", "");

    private final HttpResponse<InputStream> response;
    private final BlockingQueue<Event> events = new ArrayBlockingQueue<>(10_000);
    private final Thread reader;
    private volatile String lastEventId;

    private SseClient(HttpResponse<InputStream> response) {
        this.response = response;
        this.reader = new Thread(this::read, "test-sse-reader");
        this.reader.setDaemon(true);
        this.reader.start();
    }

    /** Opens {@code url} with a bearer token and, when not null, a {@code Last-Event-ID}; expects a 200. */
    public static SseClient open(String url, String token, String lastEventId) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token)
                .header("Accept", "text/event-stream");
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        HttpResponse<InputStream> response = HttpClient.newHttpClient().send(request.build(),
                HttpResponse.BodyHandlers.ofInputStream());
        if (response.statusCode() != 200) {
            String body = new String(response.body().readAllBytes(), StandardCharsets.UTF_8);
            throw new AssertionError("the stream answered " + response.statusCode() + ": " + body);
        }
        return new SseClient(response);
    }

    public String contentType() {
        return response.headers().firstValue("Content-Type").orElse("");
    }

    /** The id a browser would send as Last-Event-ID now: the last one the stream gave, or null. */
    public String lastEventId() {
        return lastEventId;
    }

    /** The next event, waiting at most {@code max}; fails when none came or the stream ended. */
    public Event next(Duration max) throws InterruptedException {
        Event event = events.poll(max.toMillis(), TimeUnit.MILLISECONDS);
        if (event == null) {
            throw new AssertionError("no event within " + max);
        }
        if (event == END) {
            throw new AssertionError("the stream ended");
        }
        return event;
    }

    private void read() {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            String id = "";
            String name = "message";
            StringBuilder data = new StringBuilder();
            boolean idSeen = false;
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (line.isEmpty()) {
                    if (idSeen) {
                        lastEventId = id; // as a browser does: also from an event without data
                    }
                    idSeen = false;
                    if (data.length() > 0) {
                        events.add(new Event(id, name, data.toString()));
                    }
                    id = "";
                    name = "message";
                    data.setLength(0);
                } else if (line.startsWith("id:")) {
                    id = line.substring(3).trim();
                    idSeen = true;
                } else if (line.startsWith("event:")) {
                    name = line.substring(6).trim();
                } else if (line.startsWith("data:")) {
                    data.append(data.length() == 0 ? "" : "\n").append(line.substring(5).trim());
                }
            }
        } catch (IOException | UncheckedIOException e) {
            // closed
        } finally {
            events.offer(END);
        }
    }

    @Override
    public void close() throws IOException {
        response.body().close();
        reader.interrupt();
    }
}
