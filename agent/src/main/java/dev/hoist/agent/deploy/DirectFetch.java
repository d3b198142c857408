package dev.hoist.agent.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * Fetches a bundle straight from its presigned object-store URL, appending to the partial file from the
 * bytes already held ({@code Range: bytes=N-}). The digest is fed only bytes that were written, so on any
 * failure the caller goes on from the file's position (over the controller connection) and still checks
 * the whole.
 */
final class DirectFetch {
    private final HttpClient http;
    private final Duration timeout;

    DirectFetch(ProxySelector proxies, Duration timeout) {
        this.http = HttpClient.newBuilder().proxy(proxies).connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NORMAL).build();
        this.timeout = timeout;
    }

    /**
     * Appends the rest of the bundle, from {@code have}, to {@code file}.
     *
     * @param sizeBytes the size announced, or 0 when unknown
     * @return the bytes held afterwards (the whole bundle)
     * @throws IOException when the URL fails (expired, refused, unreachable, cut): {@code file}'s position
     *     then says how much is held, and {@code digest} has seen exactly those bytes
     */
    long fetch(URI url, long have, long sizeBytes, FileChannel file, MessageDigest digest, BooleanSupplier cancelled)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(url).timeout(timeout).GET();
        if (have > 0) {
            request.header("Range", "bytes=" + have + "-");
        }
        HttpResponse<InputStream> response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream body = response.body()) {
            int status = response.statusCode();
            if (status != 200 && status != 206) {
                throw new IOException("HTTP " + status + " from " + url.getHost() + describe(body));
            }
            if (status == 200 && have > 0) {
                body.skipNBytes(have); // the store ignored the range: the first bytes are already held
            }
            byte[] buffer = new byte[256 * 1024];
            for (int n; (n = body.read(buffer)) != -1; ) {
                if (cancelled.getAsBoolean()) {
                    return have;
                }
                ByteBuffer data = ByteBuffer.wrap(buffer, 0, n);
                while (data.hasRemaining()) {
                    file.write(data);
                }
                digest.update(buffer, 0, n);
                have += n;
                if (sizeBytes > 0 && have > sizeBytes) {
                    throw new IOException("the URL served more than the " + sizeBytes + " bytes announced");
                }
            }
        }
        if (sizeBytes > 0 && have < sizeBytes) {
            throw new IOException("the URL's answer ended at byte " + have + " of " + sizeBytes);
        }
        return have;
    }

    private static String describe(InputStream body) {
        try {
            byte[] head = body.readNBytes(300);
            String text = new String(head, java.nio.charset.StandardCharsets.UTF_8).replaceAll("\\s+", " ").trim();
            java.util.regex.Matcher code = java.util.regex.Pattern.compile("<Code>([^<]*)</Code>").matcher(text);
            return code.find() ? " (" + code.group(1) + ")" : "";
        } catch (IOException e) {
            return "";
        }
    }
}
