package dev.hoist.agent.traffic;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * HAProxy's runtime API (its "stats socket" at admin level), one command per connection: the balancer
 * answers and closes. Reached only on this host: a UNIX socket, or a TCP port on a loopback address.
 */
final class HaproxyRuntime {
    private static final int MAX_ANSWER_BYTES = 8 << 20;

    private final SocketAddress address;
    private final ScheduledExecutorService watchdog;
    private final Duration timeout;

    /**
     * @param admin a UNIX socket path, or {@code HOST:PORT} with a loopback host
     * @throws IllegalArgumentException for a TCP address that is not loopback
     */
    HaproxyRuntime(String admin, ScheduledExecutorService watchdog, Duration timeout) {
        this.address = address(admin);
        this.watchdog = watchdog;
        this.timeout = timeout;
    }

    static SocketAddress address(String admin) {
        int colon = admin.lastIndexOf(':');
        if (admin.startsWith("/") || colon < 0) {
            return UnixDomainSocketAddress.of(Path.of(admin));
        }
        String host = admin.substring(0, colon).replace("[", "").replace("]", "");
        int port;
        try {
            port = Integer.parseInt(admin.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + admin + "' is neither a UNIX socket path nor HOST:PORT");
        }
        InetAddress inet;
        try {
            inet = InetAddress.getByName(host);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot resolve '" + host + "': " + e.getMessage());
        }
        if (!inet.isLoopbackAddress()) {
            throw new IllegalArgumentException("the balancer's admin port must be on a loopback address (127.0.0.1 "
                    + "or ::1), not " + host + ": the agent drives only the balancer on its own host");
        }
        return new InetSocketAddress(inet, port);
    }

    /** Sends one command and returns the whole answer. */
    String command(String command) throws IOException {
        SocketChannel channel = address instanceof UnixDomainSocketAddress
                ? SocketChannel.open(StandardProtocolFamily.UNIX) : SocketChannel.open();
        ScheduledFuture<?> deadline = watchdog.schedule(() -> closeQuietly(channel), timeout.toMillis(),
                TimeUnit.MILLISECONDS);
        try (channel) {
            channel.connect(address);
            ByteBuffer out = ByteBuffer.wrap((command + "\n").getBytes(StandardCharsets.US_ASCII));
            while (out.hasRemaining()) {
                channel.write(out);
            }
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            ByteBuffer in = ByteBuffer.allocate(16 * 1024);
            while (channel.read(in) >= 0) {
                in.flip();
                answer.write(in.array(), 0, in.limit());
                in.clear();
                if (answer.size() > MAX_ANSWER_BYTES) {
                    throw new IOException("the balancer's answer to '" + command + "' exceeds "
                            + MAX_ANSWER_BYTES + " bytes");
                }
            }
            return answer.toString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            if (deadline.isDone()) {
                throw new IOException("the balancer did not answer '" + command + "' within " + timeout.toMillis()
                        + " ms", e);
            }
            throw new IOException("cannot reach the balancer's runtime API at " + address + ": " + e.getMessage(), e);
        } finally {
            deadline.cancel(false);
        }
    }

    /** Sets a server's administrative state; the balancer answers nothing when it did so. */
    void setState(String backend, String server, String state) throws IOException {
        String answer = command("set server " + backend + "/" + server + " state " + state).trim();
        if (!answer.isEmpty()) {
            throw new IOException("the balancer refused 'set server " + backend + "/" + server + " state " + state
                    + "': " + answer);
        }
    }

    /** Every server of every backend, from {@code show stat}. */
    List<ServerRow> servers() throws IOException {
        return parseStat(command("show stat -1 4 -1"));
    }

    /** One server row of {@code show stat}. */
    record ServerRow(String backend, String server, String status, int connections) {
        boolean up() {
            return status.equals("UP") || status.equals("no check");
        }

        String adminState() {
            return status.startsWith("MAINT") ? "MAINT" : status.startsWith("DRAIN") ? "DRAIN" : "READY";
        }
    }

    static List<ServerRow> parseStat(String csv) throws IOException {
        List<ServerRow> rows = new ArrayList<>();
        Map<String, Integer> columns = null;
        for (String line : csv.split("\n")) {
            if (line.startsWith("# ")) {
                String[] names = line.substring(2).split(",", -1);
                columns = new HashMap<>();
                for (int i = 0; i < names.length; i++) {
                    columns.put(names[i], i);
                }
                continue;
            }
            if (line.isBlank() || columns == null) {
                continue;
            }
            String[] fields = line.split(",", -1);
            String server = field(fields, columns, "svname");
            if (server.equals("FRONTEND") || server.equals("BACKEND")) {
                continue;
            }
            String scur = field(fields, columns, "scur");
            rows.add(new ServerRow(field(fields, columns, "pxname"), server, field(fields, columns, "status"),
                    scur.isEmpty() ? 0 : Integer.parseInt(scur)));
        }
        if (columns == null) {
            throw new IOException("the balancer's 'show stat' answer has no header line: "
                    + csv.substring(0, Math.min(200, csv.length())));
        }
        return rows;
    }

    private static String field(String[] fields, Map<String, Integer> columns, String name) throws IOException {
        Integer index = columns.get(name);
        if (index == null) {
            throw new IOException("the balancer's 'show stat' answer has no column " + name);
        }
        return index < fields.length ? fields[index] : "";
    }

    private static void closeQuietly(SocketChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // closing only to end a read that waits too long
        }
    }
}
