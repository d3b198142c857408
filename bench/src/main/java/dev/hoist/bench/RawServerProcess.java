package dev.hoist.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** {@link RawServer} as a process, driven through its stdin. */
final class RawServerProcess implements AutoCloseable {
    final int port = ControllerProcess.freePort();
    private final Path tlsDir;
    private final String mainClass;
    private final List<String> arguments;
    private Process process;
    private BufferedReader out;
    private PrintWriter in;
    String provider;

    RawServerProcess(Path tlsDir) {
        this(tlsDir, RawServer.class, List.of());
    }

    /** {@code main}, a server of the same protocol on stdin and stdout, with {@code arguments} after the port and TLS directory. */
    RawServerProcess(Path tlsDir, Class<?> main, List<String> arguments) {
        this.tlsDir = tlsDir;
        this.mainClass = main.getName();
        this.arguments = arguments;
    }

    double start() throws IOException {
        long started = System.nanoTime();
        List<String> command = new ArrayList<>(List.of(ControllerProcess.javaBin(), "-XX:+UseG1GC", "-cp",
                System.getProperty("java.class.path"), mainClass, String.valueOf(port), tlsDir.toString()));
        command.addAll(arguments);
        process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        out = new BufferedReader(new InputStreamReader(process.getInputStream()));
        in = new PrintWriter(process.getOutputStream(), true);
        String ready = out.readLine();
        if (ready == null || !ready.startsWith("READY")) {
            throw new IllegalStateException("the raw server did not start: " + ready);
        }
        provider = ready.substring("READY ".length());
        return (System.nanoTime() - started) / 1e9;
    }

    long pid() {
        return process.pid();
    }

    /** Tells it to send the command to every connection; returns once it has queued them all. */
    void send() throws IOException {
        send("send");
    }

    /** Gives the server {@code command} (a line) and returns once it answers {@code SENT n}. */
    void send(String command) throws IOException {
        in.println(command);
        String sent = out.readLine();
        if (sent == null || !sent.startsWith("SENT")) {
            throw new IllegalStateException("the raw server did not send: " + sent);
        }
    }

    void kill() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Override
    public void close() throws InterruptedException {
        kill();
    }
}
