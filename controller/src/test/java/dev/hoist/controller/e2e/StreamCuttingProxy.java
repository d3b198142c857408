package dev.hoist.controller.e2e;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A plain TCP relay on loopback in front of the controller's API port, through which the browser
 * reaches the console: it can cut every open live-stream connection (as a network or a proxy would),
 * hold the browser's reconnections until told, and shows the head of each stream request it relayed
 * (to see the {@code Last-Event-ID} the browser resumed with). Everything else passes untouched.
 */
final class StreamCuttingProxy implements AutoCloseable {
    private static final int MAX_HEAD = 64 * 1024;
    private static final Pattern CONTENT_LENGTH = Pattern.compile("(?im)^content-length:\\s*(\\d+)\\s*$");

    private final ServerSocket server;
    private final int targetPort;
    private final ExecutorService threads = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "stream-cutting-proxy");
        thread.setDaemon(true);
        return thread;
    });
    private final Set<Socket> streams = ConcurrentHashMap.newKeySet();
    private final List<String> streamRequests = new CopyOnWriteArrayList<>();
    private boolean holding;

    StreamCuttingProxy(int targetPort) throws IOException {
        this.targetPort = targetPort;
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        threads.execute(this::accept);
    }

    String url() {
        return "http://127.0.0.1:" + server.getLocalPort();
    }

    /** Closes every live-stream connection open now, both ways. */
    void cutStreams() {
        for (Socket stream : streams) {
            closeQuietly(stream);
        }
    }

    /** From now on, new stream connections wait (accepted, their request unsent) until {@link #release}. */
    synchronized void hold() {
        holding = true;
    }

    synchronized void release() {
        holding = false;
        notifyAll();
    }

    /** The request heads of the stream connections relayed so far, oldest first. */
    List<String> streamRequests() {
        return List.copyOf(streamRequests);
    }

    /** How many stream connections are open now (held ones included). */
    int openStreams() {
        return streams.size();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                threads.execute(() -> relay(client));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void relay(Socket client) {
        try (client; Socket upstream = new Socket(InetAddress.getLoopbackAddress(), targetPort)) {
            threads.execute(() -> forwardRequests(client, upstream));
            pump(upstream.getInputStream(), client.getOutputStream(), client, upstream);
        } catch (IOException e) {
            // the controller is not there, or the connection was cut
        } finally {
            streams.remove(client);
        }
    }

    /**
     * Forwards the browser's requests one by one: a browser reuses a kept-alive connection, so a stream
     * request can come after other requests on the same connection, and is told apart by its head.
     */
    private void forwardRequests(Socket client, Socket upstream) {
        try {
            InputStream in = new BufferedInputStream(client.getInputStream());
            OutputStream out = upstream.getOutputStream();
            for (byte[] head = readHead(in); head.length > 0; head = readHead(in)) {
                String text = new String(head, StandardCharsets.ISO_8859_1);
                if (text.startsWith("GET /api/v1/stream")) {
                    streams.add(client);
                    awaitRelease();
                    if (client.isClosed()) {
                        return;
                    }
                    streamRequests.add(text);
                }
                out.write(head);
                Matcher length = CONTENT_LENGTH.matcher(text);
                long left = length.find() ? Long.parseLong(length.group(1)) : 0;
                byte[] buffer = new byte[16 * 1024];
                while (left > 0) {
                    int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
                    if (n < 0) {
                        return;
                    }
                    out.write(buffer, 0, n);
                    left -= n;
                }
                out.flush();
            }
        } catch (IOException e) {
            // cut, or the other direction ended
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            closeQuietly(client);
            closeQuietly(upstream);
        }
    }

    private synchronized void awaitRelease() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (holding && System.nanoTime() < deadline) {
            wait(TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()) + 1);
        }
    }

    /** The request line and headers, up to and including the blank line. */
    private static byte[] readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        while (matched < end.length && head.size() < MAX_HEAD) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            head.write(b);
            matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        return head.toByteArray();
    }

    /** Copies until either side ends, then closes both: a cut is seen at once at both ends. */
    private static void pump(InputStream in, OutputStream out, Socket one, Socket other) {
        byte[] buffer = new byte[16 * 1024];
        try {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException e) {
            // cut, or the other direction ended
        } finally {
            closeQuietly(one);
            closeQuietly(other);
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // already closed
        }
    }

    @Override
    public void close() {
        release();
        try {
            server.close();
        } catch (IOException e) {
            // already closed
        }
        streams.forEach(StreamCuttingProxy::closeQuietly);
        threads.shutdownNow();
    }
}
