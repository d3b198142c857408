package dev.hoist.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.Writer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The training run of the build's class-data-sharing archive ({@code cli/target/hoist.jsa}): the build
 * starts it once with {@code -XX:ArchiveClassesAtExit}, and the classes it loads (picocli and every
 * command, Jackson reading and writing API records, the HTTP client) are then mapped ready-parsed and
 * verified by every {@code hoist} that {@code scripts/hoist} starts. It runs the real commands in-process
 * against a loopback stub that answers every request with an empty JSON list; nothing leaves the machine.
 */
public final class CdsTraining {
    private CdsTraining() {
    }

    public static void main(String[] args) throws Exception {
        Path home = Files.createTempDirectory("hoist-cds-training");
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread stub = new Thread(() -> answerEmptyLists(server), "hoist-cds-stub");
            stub.setDaemon(true);
            stub.start();
            String url = "http://127.0.0.1:" + server.getLocalPort();
            Map<String, String> env = Map.of("HOIST_URL", url, "HOIST_TOKEN", "training", "XDG_CONFIG_HOME",
                    home.toString());
            run(env, home, "--version");
            run(env, home, "--help");
            for (CommandIndex.Entry entry : CommandIndex.ENTRIES) {
                run(env, home, entry.name(), "--help");
            }
            run(env, home, "completion", "bash");
            run(env, home, "context", "list");
            run(env, home, "agent", "list");
            run(env, home, "agent", "list", "-o", "json");
            run(env, home, "app", "list", "-o", "yaml");
            run(env, home, "deployment", "list", "-q");
            run(env, home, "group", "list", "--app", "a");
            run(env, home, "__complete", "dep");
        } finally {
            try (Stream<Path> paths = Files.walk(home)) {
                for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(path);
                }
            }
        }
    }

    private static void run(Map<String, String> env, Path home, String... args) {
        PrintWriter nowhere = new PrintWriter(Writer.nullWriter());
        HoistCli.execute(new CliContext(env, home, nowhere, nowhere, Clock.systemUTC()), args);
    }

    private static void answerEmptyLists(ServerSocket server) {
        byte[] answer = ("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\n"
                + "Connection: close\r\n\r\n[]").getBytes(StandardCharsets.US_ASCII);
        while (!server.isClosed()) {
            try (Socket socket = server.accept()) {
                InputStream in = socket.getInputStream();
                byte[] buffer = new byte[8192];
                int seen = 0;
                int read;
                // the request's head ends with an empty line; the commands trained send no body
                while ((read = in.read()) >= 0) {
                    buffer[seen++ % buffer.length] = (byte) read;
                    if (seen >= 4 && buffer[(seen - 1) % buffer.length] == '\n'
                            && buffer[(seen - 3) % buffer.length] == '\n') {
                        break;
                    }
                }
                OutputStream out = socket.getOutputStream();
                out.write(answer);
                out.flush();
            } catch (IOException e) {
                // the server closed at the end of training, or a client hung up: nothing to answer
            }
        }
    }
}
