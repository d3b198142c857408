package dev.hoist.cli.client;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.stream.Stream;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * One {@code GET} of a server-sent events stream over a plain socket, so that closing it ends a read
 * blocked in another thread at once. ({@code HttpURLConnection.disconnect()} first drains a chunked
 * body, which on an event stream waits for the next event or heartbeat.) The request is HTTP/1.0, so the
 * server sends the body as it is, ended by closing the connection, never chunked.
 */
final class EventStreamConnection implements AutoCloseable {
    private final Socket socket;
    private final int status;
    private final InputStream body;

    private EventStreamConnection(Socket socket, int status, InputStream body) {
        this.socket = socket;
        this.status = status;
        this.body = body;
    }

    /** Connects, sends the request and reads the status line and headers. */
    static EventStreamConnection open(URI url, String token, Duration connectTimeout, SSLSocketFactory sockets)
            throws IOException {
        boolean tls = "https".equals(url.getScheme());
        int port = url.getPort() > 0 ? url.getPort() : tls ? 443 : 80;
        Socket socket = new Socket();
        try {
            socket.connect(new InetSocketAddress(url.getHost(), port), (int) connectTimeout.toMillis());
            if (tls) {
                SSLSocket secure = (SSLSocket) sockets
                        .createSocket(socket, url.getHost(), port, true);
                SSLParameters parameters = secure.getSSLParameters();
                parameters.setEndpointIdentificationAlgorithm("HTTPS");
                secure.setSSLParameters(parameters);
                socket = secure;
            }
            String target = url.getRawPath() + (url.getRawQuery() == null ? "" : "?" + url.getRawQuery());
            StringBuilder request = new StringBuilder("GET " + target + " HTTP/1.0\r\n")
                    .append("Host: ").append(url.getHost()).append(url.getPort() > 0 ? ":" + port : "").append("\r\n")
                    .append("Accept: text/event-stream\r\n");
            if (token != null) {
                request.append("Authorization: Bearer ").append(token).append("\r\n");
            }
            OutputStream out = socket.getOutputStream();
            out.write(request.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            String statusLine = headerLine(in);
            String[] parts = statusLine.split(" ", 3);
            if (parts.length < 2 || !parts[0].startsWith("HTTP/")) {
                throw new IOException("the answer is not HTTP: " + statusLine);
            }
            int status = Integer.parseInt(parts[1]);
            while (!headerLine(in).isEmpty()) {
                // headers: nothing here needs them
            }
            return new EventStreamConnection(socket, status, in);
        } catch (IOException | NumberFormatException e) {
            socket.close();
            throw e instanceof IOException io ? io : new IOException("the answer is not HTTP", e);
        }
    }

    int status() {
        return status;
    }

    /** The rest of the body, for an error answer. */
    String remainingText() throws IOException {
        return new String(body.readAllBytes(), StandardCharsets.UTF_8);
    }

    /** The body's lines as they arrive; closing the stream closes the socket. */
    Stream<String> lines() {
        return new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8)).lines().onClose(this::close);
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // closing is all we wanted
        }
    }

    private static String headerLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1 && b != '\n') {
            if (line.size() > 16 * 1024) {
                throw new IOException("an HTTP header line longer than 16 KiB");
            }
            line.write(b);
        }
        if (b == -1 && line.size() == 0) {
            throw new IOException("the controller closed the connection before answering");
        }
        String text = line.toString(StandardCharsets.ISO_8859_1);
        return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
    }
}
