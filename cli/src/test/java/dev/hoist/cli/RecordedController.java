package dev.hoist.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An HTTP server on loopback that answers the CLI with recorded API responses: each {@code METHOD path}
 * (path with query) answers its queue of responses in turn and repeats the last one. Requests are kept
 * for assertions. It stands in for the controller in CLI tests of the rendering and waiting logic.
 */
public final class RecordedController implements AutoCloseable {
    /** A request the CLI sent; {@code idempotencyKey} is its {@code Idempotency-Key} header, or null. */
    public record Request(String method, String path, String body, String idempotencyKey) {
    }

    private record Answer(int status, String body) {
    }

    private final HttpServer server;
    private final Map<String, Deque<Answer>> answers = new ConcurrentHashMap<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();

    public RecordedController() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", this::handle);
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Queues answers for {@code "GET /api/v1/..."}; the last one repeats. */
    public RecordedController answer(String request, int status, String... bodies) {
        Deque<Answer> queue = answers.computeIfAbsent(request, key -> new ArrayDeque<>());
        synchronized (queue) {
            for (String body : bodies) {
                queue.add(new Answer(status, body));
            }
        }
        return this;
    }

    public List<Request> requests() {
        return List.copyOf(requests);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getRawPath()
                    + (exchange.getRequestURI().getRawQuery() == null ? "" : "?" + exchange.getRequestURI().getRawQuery());
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            requests.add(new Request(exchange.getRequestMethod(), path, body,
                    exchange.getRequestHeaders().getFirst("Idempotency-Key")));
            Deque<Answer> queue = answers.get(exchange.getRequestMethod() + " " + path);
            Answer answer;
            if (queue == null) {
                answer = new Answer(404, "{\"code\":\"NOT_FOUND\",\"message\":\"no such path: " + path + "\"}");
            } else {
                synchronized (queue) {
                    answer = queue.size() > 1 ? queue.poll() : queue.peek();
                }
            }
            byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(answer.status(), bytes.length == 0 ? -1 : bytes.length);
            exchange.getResponseBody().write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
