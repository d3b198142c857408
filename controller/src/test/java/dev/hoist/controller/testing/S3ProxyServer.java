package dev.hoist.controller.testing;

import static org.awaitility.Awaitility.await;

import dev.hoist.controller.artifacts.S3StoreFactory;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A real S3-compatible server for tests: S3Proxy (its jar-with-dependencies, copied to
 * {@code target/s3proxy/s3proxy.jar} by the build) with its filesystem backend, run as a process of its
 * own on a loopback port, with SigV4 authentication on.
 */
public final class S3ProxyServer implements AutoCloseable {
    public static final String ACCESS_KEY = "hoist-test";
    public static final String SECRET_KEY = "hoist-test-secret";
    public static final String REGION = "us-east-1";

    private final Process process;
    private final int port;
    private final Path log;

    private S3ProxyServer(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** Starts the server with its blobs under {@code dir} and waits until it answers. */
    public static S3ProxyServer start(Path dir) throws IOException {
        Path jar = Path.of("target", "s3proxy", "s3proxy.jar").toAbsolutePath();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing; build with mvn (generate-test-resources copies it)");
        }
        int port = freePort();
        Path data = Files.createDirectories(dir.resolve("s3-data"));
        Path properties = dir.resolve("s3proxy.properties");
        Files.writeString(properties, String.join("\n",
                "s3proxy.endpoint=http://127.0.0.1:" + port,
                "s3proxy.authorization=aws-v2-or-v4",
                "s3proxy.identity=" + ACCESS_KEY,
                "s3proxy.credential=" + SECRET_KEY,
                "jclouds.provider=filesystem",
                "jclouds.filesystem.basedir=" + data,
                ""));
        Path log = dir.resolve("s3proxy.log");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(List.of(java, "-Xmx256m", "-jar", jar.toString(), "--properties",
                properties.toString()))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        S3ProxyServer server = new S3ProxyServer(process, port, log);
        try {
            await("S3Proxy listening on " + port).atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(100)).until(() -> {
                        if (!process.isAlive()) {
                            throw new IllegalStateException("S3Proxy exited: " + Files.readString(log));
                        }
                        return accepts(port);
                    });
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
        return server;
    }

    public String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    /** Settings for the controller's {@code bundles.s3}. */
    public S3StoreFactory settings(String bucket) {
        return new S3StoreFactory(endpoint(), REGION, bucket, "blobs/", true, ACCESS_KEY, SECRET_KEY);
    }

    /** A plain client, for creating buckets and looking behind the store's back. */
    public S3Client client() {
        return S3Client.builder().httpClientBuilder(UrlConnectionHttpClient.builder())
                .endpointOverride(java.net.URI.create(endpoint())).region(Region.of(REGION)).forcePathStyle(true)
                // S3Proxy implements no checksum mode (501), as the controller's own client is set up too.
                .requestChecksumCalculation(software.amazon.awssdk.core.checksums.RequestChecksumCalculation
                        .WHEN_REQUIRED)
                .responseChecksumValidation(software.amazon.awssdk.core.checksums.ResponseChecksumValidation
                        .WHEN_REQUIRED)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY,
                        SECRET_KEY)))
                .build();
    }

    public void createBucket(String bucket) {
        try (S3Client s3 = client()) {
            s3.createBucket(b -> b.bucket(bucket));
        }
    }

    public String log() throws IOException {
        return Files.readString(log);
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
