package dev.hoist.agent.health;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Runs one attempt of a {@link HealthCheck}. Blocking: call it from a worker thread. */
public class HealthProbe {
    private HttpClient http;

    /** @return {@code null} when healthy, else why not, in words fit for the deployment's log */
    public String probe(HealthCheck check) throws InterruptedException {
        try {
            if (check instanceof HealthCheck.Http h) {
                return http(h);
            }
            if (check instanceof HealthCheck.Tcp t) {
                return tcp(t);
            }
            return command((HealthCheck.Command) check);
        } catch (IOException e) {
            return check.describe() + " failed: " + e.getMessage();
        }
    }

    private String http(HealthCheck.Http check) throws IOException, InterruptedException {
        if (http == null) {
            http = HttpClient.newBuilder()
                    .connectTimeout(check.timeout())
                    .followRedirects(HttpClient.Redirect.NEVER)
                    .build();
        }
        HttpRequest request = HttpRequest.newBuilder(check.url()).timeout(check.timeout()).GET().build();
        int status;
        try {
            status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (java.net.http.HttpTimeoutException e) {
            return check.describe() + " did not answer within " + check.timeout().toMillis() + " ms";
        } catch (java.net.ConnectException e) {
            return check.describe() + " refused the connection (is the service listening?)";
        }
        boolean healthy = check.expectedStatus() == 0 ? status >= 200 && status < 300 : status == check.expectedStatus();
        if (healthy) {
            return null;
        }
        String expected = check.expectedStatus() == 0 ? "a 2xx status" : "status " + check.expectedStatus();
        return check.describe() + " answered " + status + ", expected " + expected;
    }

    private String tcp(HealthCheck.Tcp check) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(check.host(), check.port()), (int) check.timeout().toMillis());
            return null;
        } catch (IOException e) {
            return check.describe() + " is not accepting connections: " + e.getMessage();
        }
    }

    private String command(HealthCheck.Command check) throws IOException, InterruptedException {
        Process process = new ProcessBuilder("/bin/bash", "-c", check.command())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        try {
            if (!process.waitFor(check.timeout().toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                return check.describe() + " did not finish within " + check.timeout().toSeconds() + " s";
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            throw e;
        }
        int exit = process.exitValue();
        return exit == 0 ? null : check.describe() + " exited " + exit;
    }
}
