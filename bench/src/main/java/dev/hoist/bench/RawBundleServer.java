package dev.hoist.bench;

import io.netty.channel.Channel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.stream.ChunkedNioFile;
import io.netty.handler.stream.ChunkedWriteHandler;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;

/**
 * The bundle benchmark's raw server, a process of its own like the controller: plain Netty, mutual TLS 1.3,
 * no Hoist logic, no framing, no store. On {@code send} (a line on stdin) it streams the file named by its third
 * argument to every connection in 256 KiB chunks read from the file ({@link ChunkedNioFile}), as fast as each
 * connection takes them (Netty's writability, so nothing piles up in memory). Prints {@code READY} once listening
 * and {@code SENT n} once every stream is queued.
 */
public final class RawBundleServer {
    static final int CHUNK = 256 * 1024;

    private RawBundleServer() {
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        SslContext tls = RawTls.server(Path.of(args[1]));
        Path file = Path.of(args[2]);
        try (RawListener listener = new RawListener(port, tls, 1024,
                pipeline -> pipeline.addLast(new ChunkedWriteHandler()))) {
            listener.serve(Map.of("send", () -> {
                int sent = 0;
                for (Channel channel : listener.connections) {
                    channel.writeAndFlush(new ChunkedNioFile(open(file), CHUNK));
                    sent++;
                }
                return sent;
            }));
        }
    }

    private static FileChannel open(Path file) {
        try {
            return FileChannel.open(file, StandardOpenOption.READ);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + file, e);
        }
    }
}
