package dev.hoist.cli.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hoist.api.ApiError;
import dev.hoist.cli.ExitCodes;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLSocketFactory;

/**
 * The controller's REST API over {@link HttpURLConnection}, in JSON: request bodies are the API's own
 * records ({@code dev.hoist.api}), and each answer comes back as an {@link Answer} of the API type that
 * the controller serves there. Every failure becomes a
 * {@link CliFailure} whose message a person can act on: the controller's own error code and message, or
 * why it could not be reached.
 *
 * <p>Why not {@code java.net.http.HttpClient}: its selector thread waits in native code for as long as
 * the client lives, and a JVM exiting with a thread in native code waits 300 ms for it, which every
 * {@code hoist} command would pay. Here the calling thread does the I/O, and idle connections wait in the
 * JDK's keep-alive cache without a thread.
 */
public final class ApiClient {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    /** A large bundle over a slow link takes a while; the controller answers once it has checked it. */
    private static final Duration UPLOAD_TIMEOUT = Duration.ofMinutes(30);

    private final Connection connection;
    private final ObjectMapper json;
    private SSLSocketFactory sockets;

    public ApiClient(Connection connection, ObjectMapper json) {
        this.connection = connection;
        this.json = json;
    }

    /** The controller's URL. */
    public java.net.URI url() {
        return connection.url();
    }

    /** {@code GET} of one resource, read as {@code type}. */
    public <T> Answer<T> get(String path, Class<T> type) {
        return typed(send("GET", path, null), json.constructType(type));
    }

    /** {@code GET} of a list of resources, each read as {@code element}. */
    public <T> Answer<List<T>> getList(String path, Class<T> element) {
        return typed(send("GET", path, null), json.getTypeFactory().constructCollectionType(List.class, element));
    }

    /** {@code POST} of {@code body} (an API request record, or {@code null} for none); the answer as {@code type}. */
    public <T> Answer<T> post(String path, Object body, Class<T> type) {
        return typed(send("POST", path, body), json.constructType(type));
    }

    /**
     * POSTs with an {@code Idempotency-Key}, and sends the very same request again when the answer is
     * lost (the controller could not be reached or did not answer in time) or is {@code 503} (its store
     * refused the change for now): the key makes the controller return what the first attempt made
     * instead of making it twice. Gives up after {@code attempts}, with the last failure.
     */
    public <T> Answer<T> postIdempotent(String path, Object body, Class<T> type, String key, int attempts) {
        long pause = 250;
        for (int attempt = 1; ; attempt++) {
            try {
                return typed(send("POST", path, body, key), json.constructType(type));
            } catch (RetryableFailure e) {
                if (attempt >= attempts) {
                    throw e.failure;
                }
                sleep(pause);
                pause = Math.min(pause * 2, 4_000);
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis); // a pause between attempts at a request, not synchronisation
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliFailure("interrupted while retrying a request", ExitCodes.REFUSED);
        }
    }

    /** A failure that the same request with the same idempotency key may get past. */
    private static final class RetryableFailure extends RuntimeException {
        private final CliFailure failure;

        RetryableFailure(CliFailure failure) {
            super(failure.getMessage(), null, false, false);
            this.failure = failure;
        }
    }

    /** {@code PUT} of {@code body}; the answer read as {@code type}. */
    public <T> Answer<T> put(String path, Object body, Class<T> type) {
        return typed(send("PUT", path, body), json.constructType(type));
    }

    /** {@code DELETE}; the controller answers 204 with no body. */
    public void delete(String path) {
        send("DELETE", path, null);
    }

    private <T> Answer<T> typed(String body, JavaType type) {
        return new Answer<>(body, json, type, connection.url().toString());
    }

    /**
     * Opens a long-lived {@code GET} (a server-sent events stream) and returns its lines as they arrive.
     * Closing the returned stream hangs up, also while another thread is blocked reading it. A refusal
     * throws like any other call.
     */
    public Stream<String> lines(String path) {
        EventStreamConnection stream;
        try {
            stream = EventStreamConnection.open(URI.create(connection.url() + path), connection.token(),
                    CONNECT_TIMEOUT, connection.url().getScheme().equals("https") ? pinnedSockets() : null);
        } catch (IOException e) {
            throw unreachable(e, CONNECT_TIMEOUT);
        }
        if (stream.status() >= 200 && stream.status() < 300) {
            return stream.lines();
        }
        try (stream) {
            throw refusal(stream.status(), stream.remainingText());
        } catch (IOException e) {
            throw refusal(stream.status(), "");
        }
    }

    /** {@code text} made safe for one path segment or query value. */
    public static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /**
     * POSTs the file as the raw request body ({@code contentType}), streamed from disk rather than read
     * into memory, and waits up to {@link #UPLOAD_TIMEOUT} for the answer.
     */
    public <T> Answer<T> upload(String path, Path file, String contentType, Class<T> type) {
        long size;
        try {
            size = Files.size(file);
        } catch (IOException e) {
            throw new CliFailure("cannot read " + file + " to upload it", ExitCodes.REFUSED);
        }
        try {
            HttpURLConnection request = open("POST", path, "application/json", UPLOAD_TIMEOUT);
            request.setRequestProperty("Content-Type", contentType);
            request.setDoOutput(true);
            request.setFixedLengthStreamingMode(size);
            IOException sending = null;
            try (OutputStream out = request.getOutputStream()) {
                Files.copy(file, out);
            } catch (IOException e) {
                // The controller may refuse mid-upload (too large) and close: its answer says why.
                sending = e;
            }
            try {
                return typed(answer(request, UPLOAD_TIMEOUT), json.constructType(type));
            } catch (CliFailure failure) {
                if (sending != null && failure.exitCode() == ExitCodes.UNREACHABLE) {
                    throw unreachable(sending, UPLOAD_TIMEOUT);
                }
                throw failure;
            }
        } catch (IOException e) {
            throw unreachable(e, UPLOAD_TIMEOUT);
        }
    }

    /**
     * {@code GET}s a binary answer into {@code file}: streamed to a temporary file beside it, checked against
     * the SHA-256 the controller names in {@code X-Hoist-Sha256}, synced and renamed into place, so the file
     * appears only whole and right.
     *
     * @return the digest of the bytes written
     */
    public String download(String path, Path file) {
        Path target = file.toAbsolutePath();
        // Unique beside the target, so two downloads to the same file never write into each other.
        Path temp = target.resolveSibling("." + target.getFileName() + "." + ProcessHandle.current().pid() + "."
                + System.nanoTime() + ".part");
        try {
            HttpURLConnection request = open("GET", path, "application/octet-stream, application/json",
                    UPLOAD_TIMEOUT);
            int status = status(request);
            if (status < 200 || status >= 300) {
                throw refusal(status, text(request, status));
            }
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            try (InputStream in = request.getInputStream();
                    OutputStream out = new DigestOutputStream(Files.newOutputStream(temp,
                            StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), sha256)) {
                in.transferTo(out);
            }
            String actual = HexFormat.of().formatHex(sha256.digest());
            String expected = request.getHeaderField("X-Hoist-Sha256");
            if (expected != null && !expected.equals(actual)) {
                throw new CliFailure("the bundle received has SHA-256 " + actual + ", but the controller names "
                        + expected + "; nothing was written to " + file, ExitCodes.REFUSED);
            }
            try (FileChannel channel = FileChannel.open(temp,
                    StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
            return actual;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime provides SHA-256", e);
        } catch (IOException e) {
            throw unreachable(e, UPLOAD_TIMEOUT);
        } finally {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException ignored) {
                // best effort: a leftover .part beside the output is harmless and named as such
            }
        }
    }

    /** The answer's body; empty when it has none. */
    private String send(String method, String path, Object body) {
        return send(method, path, body, null);
    }

    /** With an {@code idempotencyKey}, a lost answer or a 503 is a {@link RetryableFailure}. */
    private String send(String method, String path, Object body, String idempotencyKey) {
        try {
            HttpURLConnection request = open(method, path, "application/json", TIMEOUT);
            if (idempotencyKey != null) {
                request.setRequestProperty("Idempotency-Key", idempotencyKey);
            }
            if (body != null || method.equals("POST") || method.equals("PUT")) {
                byte[] bytes = body == null ? new byte[0] : write(body).getBytes(StandardCharsets.UTF_8);
                if (body != null) {
                    request.setRequestProperty("Content-Type", "application/json");
                }
                request.setDoOutput(true);
                request.setFixedLengthStreamingMode(bytes.length);
                try (OutputStream out = request.getOutputStream()) {
                    out.write(bytes);
                }
            }
            if (idempotencyKey == null) {
                return answer(request, TIMEOUT);
            }
            int status = status(request);
            String text = text(request, status);
            if (status == 503) {
                throw new RetryableFailure(refusal(status, text));
            }
            if (status >= 200 && status < 300) {
                return text;
            }
            throw refusal(status, text);
        } catch (IOException e) {
            if (idempotencyKey != null) {
                throw new RetryableFailure(unreachable(e, TIMEOUT));
            }
            throw unreachable(e, TIMEOUT);
        }
    }

    private HttpURLConnection open(String method, String path, String accept, Duration readTimeout)
            throws IOException {
        HttpURLConnection request = (HttpURLConnection) URI.create(connection.url() + path).toURL().openConnection();
        if (request instanceof HttpsURLConnection secure && connection.caPem() != null) {
            secure.setSSLSocketFactory(pinnedSockets());
        }
        request.setRequestMethod(method);
        request.setConnectTimeout((int) CONNECT_TIMEOUT.toMillis());
        request.setReadTimeout((int) readTimeout.toMillis());
        request.setUseCaches(false);
        request.setInstanceFollowRedirects(false);
        request.setRequestProperty("Accept", accept);
        if (connection.token() != null) {
            request.setRequestProperty("Authorization", "Bearer " + connection.token());
        }
        return request;
    }

    private SSLSocketFactory pinnedSockets() {
        if (sockets == null) {
            sockets = connection.socketFactory();
        }
        return sockets;
    }

    /** The body of a 2xx answer (empty when it has none); any other status is a refusal. */
    private String answer(HttpURLConnection request, Duration timeout) {
        int status;
        String body;
        try {
            status = status(request);
            body = text(request, status);
        } catch (IOException e) {
            throw unreachable(e, timeout);
        }
        if (status >= 200 && status < 300) {
            return body;
        }
        throw refusal(status, body);
    }

    private static int status(HttpURLConnection request) throws IOException {
        int status = request.getResponseCode();
        if (status < 0) {
            throw new IOException("the answer is not HTTP");
        }
        return status;
    }

    /** The whole body of the answer, from the error stream for error statuses; empty when there is none. */
    private static String text(HttpURLConnection request, int status) throws IOException {
        InputStream in = status >= 400 ? request.getErrorStream() : request.getInputStream();
        if (in == null) {
            return "";
        }
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private CliFailure unreachable(IOException e, Duration timeout) {
        String why;
        if (e instanceof ConnectException) {
            why = "connection refused; is it running?";
        } else if (e instanceof SocketTimeoutException && String.valueOf(e.getMessage()).contains("connect")) {
            why = "no answer to the connection attempt; is the address right and the port open?";
        } else if (e instanceof SocketTimeoutException) {
            why = "no answer within " + timeout.toSeconds() + "s";
        } else {
            why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        }
        return new CliFailure("cannot reach the controller at " + connection.url() + ": " + why
                + " (set HOIST_URL or --url to point elsewhere)", ExitCodes.UNREACHABLE);
    }

    private CliFailure refusal(int status, String body) {
        ApiError error = readError(body);
        String code = error == null || error.code() == null ? "HTTP_" + status : error.code();
        String message = error == null || error.message() == null ? (body.isBlank() ? "(no message)" : body)
                : error.message();
        StringBuilder text = new StringBuilder();
        if (status == 401) {
            text.append(code).append(": ").append(message).append("\n  ");
            text.append(connection.token() == null
                    ? "no API token: log in with: hoist login URL, or pass --token or set HOIST_TOKEN (a local "
                            + "controller's first admin token is in hoist-data/admin.token)"
                    : "the controller refused the API token from " + connection.tokenSource()
                            + "; check --token or HOIST_TOKEN, or log in again with: hoist login "
                            + connection.url());
        } else {
            text.append(code).append(": ").append(message);
            if (error != null) {
                appendDetails(text, error.details());
            }
        }
        int exit = status == 401 || status == 403 ? ExitCodes.NOT_AUTHORISED : ExitCodes.REFUSED;
        return new CliFailure(text.toString(), exit);
    }

    private void appendDetails(StringBuilder text, Map<String, Object> details) {
        details.forEach((key, value) -> text.append("\n  ").append(key).append(": ")
                .append(value instanceof String string ? string : write(value)));
    }

    private String write(Object body) {
        try {
            return json.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write the request as JSON", e);
        }
    }

    /** The controller's error body, or {@code null} when the body is not one (a proxy's HTML page, nothing). */
    private ApiError readError(String body) {
        if (body.isBlank()) {
            return null;
        }
        try {
            return json.readValue(body, ApiError.class);
        } catch (JsonProcessingException e) {
            return null;
        }
    }
}
