import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;

/**
 * The blue/green demo's app: a page that names its version and the host that served it, on loopback, and
 * {@code /health} for HAProxy's check and ValidateService. A broken revision (the demo's v3) answers
 * {@code /health} with 500, so it fails validation and HAProxy would never mark it up. {@code /slow} answers
 * the page after 0.8 s, so that requests are in flight when a server is drained. Run with the JDK's source
 * launcher, no build: {@code java BlueGreenWeb.java PORT HOST VERSION BROKEN}.
 */
public class BlueGreenWeb {
    public static void main(String[] args) throws IOException {
        if (args.length != 4) {
            System.err.println("usage: java BlueGreenWeb.java PORT HOST VERSION BROKEN(true|false)");
            System.exit(2);
        }
        int port = Integer.parseInt(args[0]);
        String host = args[1];
        String version = args[2];
        boolean broken = Boolean.parseBoolean(args[3]);
        String page = """
                <!doctype html>
                <html><head><meta charset="utf-8"><title>Hoist blue/green demo: %1$s</title></head>
                <body><main data-version="%1$s" data-host="%2$s">
                <h1>%1$s</h1>
                <p>Served by %2$s through HAProxy, deployed blue/green by Hoist.</p>
                </main></body></html>
                """.formatted(version, host);
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.createContext("/health", exchange -> {
            if (broken) {
                respond(exchange, 500, "text/plain", version + " is broken on purpose: its health check fails\n");
            } else {
                respond(exchange, 200, "text/plain", "ok " + version + "\n");
            }
        });
        // A slow answer: requests in flight while a server is drained must still be answered.
        server.createContext("/slow", exchange -> {
            try {
                Thread.sleep(800);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                respond(exchange, 503, "text/plain", "interrupted\n");
                return;
            }
            respond(exchange, 200, "text/html; charset=utf-8", page);
        });
        server.createContext("/", exchange -> {
            if (!exchange.getRequestURI().getPath().equals("/")) {
                respond(exchange, 404, "text/plain", "not found\n");
                return;
            }
            respond(exchange, 200, "text/html; charset=utf-8", page);
        });
        server.start();
        // On SIGTERM (ApplicationStop), stop serving so that no thread is left waiting and the JVM exits.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> server.stop(0), "blue-green-web-stop"));
        System.out.println(host + " serves " + version + " on http://127.0.0.1:" + port + "/"
                + (broken ? " (broken: /health answers 500)" : ""));
    }

    private static void respond(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
