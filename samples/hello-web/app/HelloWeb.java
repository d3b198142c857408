import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The sample application: serves index.html (with the revision it was deployed from) on loopback and
 * answers /health. Run with the JDK's source launcher, no build: java HelloWeb.java PORT DIR REVISION
 */
public class HelloWeb {
    public static void main(String[] args) throws IOException {
        if (args.length != 3) {
            System.err.println("usage: java HelloWeb.java PORT DIR REVISION");
            System.exit(2);
        }
        int port = Integer.parseInt(args[0]);
        Path page = Path.of(args[1], "index.html");
        String revision = args[2];
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        server.createContext("/health", exchange -> respond(exchange, 200, "text/plain", "ok\n"));
        server.createContext("/", exchange -> {
            if (!exchange.getRequestURI().getPath().equals("/")) {
                respond(exchange, 404, "text/plain", "not found\n");
                return;
            }
            String html = Files.readString(page).replace("{{revision}}", revision);
            respond(exchange, 200, "text/html; charset=utf-8", html);
        });
        server.start();
        // On SIGTERM (ApplicationStop), stop serving so no thread is left waiting in native code: the JVM
        // would otherwise wait for it before exiting.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> server.stop(0), "hello-web-stop"));
        System.out.println("hello-web listening on http://127.0.0.1:" + port + "/ (revision " + revision + ")");
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
