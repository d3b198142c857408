package dev.hoist.controller.gateway;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;
import dev.hoist.controller.artifacts.BlobStore;
import dev.hoist.protocol.v1.BundleChunk;
import dev.hoist.protocol.v1.BundleRequest;
import dev.hoist.protocol.v1.Envelope;
import io.netty.channel.ChannelHandlerContext;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves one connection's {@code BundleRequest}s from the artifact store, one request at a time, in the
 * order asked, as {@code BundleChunk}s.
 *
 * <p>Flow control: the blob is read off the event loop, one chunk at a time, and the next chunk is
 * read only once the previous one is written and the channel is writable (below its high water mark);
 * otherwise the transfer waits for {@link #writabilityChanged}. So a transfer holds at most one chunk
 * plus the channel's outbound buffer, however large the bundle and however slow the agent, and other
 * messages (heartbeats) keep their turn on the event loop between chunks.
 *
 * <p>Invariants: every field is touched on the channel's event loop only; the open blob stream belongs to the
 * current transfer and is closed when it ends or the connection closes.
 */
final class BundleTransfers {
    private static final Logger LOG = LoggerFactory.getLogger(BundleTransfers.class);

    private final ChannelHandlerContext ctx;
    private final BlobStore store;
    private final Executor files;
    private final int chunkBytes;
    private final GatewayMetrics metrics;
    private final Consumer<Envelope.Builder> send;
    private final String agentId;
    private final Predicate<String> mayFetch;
    private final ArrayDeque<BundleRequest> waiting = new ArrayDeque<>();
    private Transfer current;
    /** A request is being opened or served: the next one waits, so answers come in the order asked. */
    private boolean busy;
    private boolean closed;

    /** @param mayFetch whether this agent may have the bundle of that digest (a command sent to it names it) */
    BundleTransfers(ChannelHandlerContext ctx, String agentId, Predicate<String> mayFetch, BlobStore store,
            Executor files, int chunkBytes, GatewayMetrics metrics, Consumer<Envelope.Builder> send) {
        this.ctx = ctx;
        this.agentId = agentId;
        this.mayFetch = mayFetch;
        this.store = store;
        this.files = files;
        this.chunkBytes = chunkBytes;
        this.metrics = metrics;
        this.send = send;
    }

    void request(BundleRequest request) {
        if (closed) {
            return;
        }
        metrics.bundleRequested();
        waiting.add(request);
        if (!busy) {
            startNext();
        }
    }

    void writabilityChanged() {
        if (current != null && ctx.channel().isWritable()) {
            pump();
        }
    }

    /** The connection closed: stops the transfer and forgets what was asked. */
    void close() {
        closed = true;
        waiting.clear();
        if (current != null) {
            current.closeFile();
            current = null;
        }
    }

    private void startNext() {
        BundleRequest request = waiting.poll();
        busy = request != null && !closed;
        if (!busy) {
            return;
        }
        CompletableFuture.supplyAsync(() -> open(request), files).whenComplete((opened, error) ->
                ctx.executor().execute(() -> {
                    if (error != null) {
                        LOG.warn("Agent {}: opening bundle {} failed", agentId, request.getSha256(), error);
                        refuse(request, "the controller cannot read bundle " + request.getSha256() + " now; "
                                + "the agent asks again later");
                    } else if (opened.error() != null) {
                        refuse(request, opened.error());
                    } else if (closed) {
                        opened.transfer().closeFile();
                    } else {
                        current = opened.transfer();
                        LOG.debug("Agent {}: serving bundle {} bytes {}-{}", agentId, request.getSha256(),
                                current.position, current.end);
                        pump();
                    }
                }));
    }

    /** Runs on the file executor: finds and opens the bundle, checks the range. */
    private Opened open(BundleRequest request) {
        String sha256 = request.getSha256();
        if (!mayFetch.test(sha256)) {
            return Opened.failed("bundle '" + sha256 + "' is not named by any command this controller sent to agent "
                    + agentId + "; an agent may fetch only the bundles of its own commands");
        }
        // uint64 on the wire: a value past Long.MAX_VALUE arrives negative.
        if (request.getOffset() < 0 || request.getLength() < 0) {
            return Opened.failed("the range asked (offset " + Long.toUnsignedString(request.getOffset()) + ", length "
                    + Long.toUnsignedString(request.getLength()) + ") is out of bounds; ask for an offset between 0 "
                    + "and the bundle's size, and a length of 0 (to the end) or more");
        }
        try {
            Optional<Long> found = store.size(sha256);
            if (found.isEmpty()) {
                return Opened.failed("the controller holds no bundle with SHA-256 '" + sha256 + "'; deploy a "
                        + "revision pushed to this controller's artifact store (bundles are asked for by the digest "
                        + "in the DeployCommand)");
            }
            long size = found.get();
            long offset = request.getOffset();
            if (offset > size) {
                return Opened.failed("offset " + offset + " is past the end of bundle " + sha256 + " (" + size
                        + " bytes); ask from an offset between 0 and " + size);
            }
            long end = request.getLength() == 0 || request.getLength() > size - offset ? size
                    : offset + request.getLength();
            InputStream stream = store.open(sha256, offset, end - offset);
            return new Opened(new Transfer(sha256, stream, offset, end), null);
        } catch (IOException | RuntimeException e) {
            LOG.warn("Agent {}: cannot open bundle {} at offset {}", agentId, sha256, request.getOffset(), e);
            return Opened.failed("the controller cannot read bundle " + sha256 + " now; the agent asks again later");
        }
    }

    /** Reads and writes the next chunk when the channel can take it; called again when it is written. */
    private void pump() {
        Transfer transfer = current;
        if (transfer == null || transfer.reading || !ctx.channel().isWritable()) {
            return;
        }
        transfer.reading = true;
        long position = transfer.position;
        int length = (int) Math.min(chunkBytes, transfer.end - position);
        CompletableFuture.supplyAsync(() -> transfer.read(position, length), files).whenComplete((data, error) ->
                ctx.executor().execute(() -> {
                    transfer.reading = false;
                    if (current != transfer) {
                        return; // the connection closed meanwhile
                    }
                    if (error != null) {
                        finish(transfer);
                        LOG.warn("Agent {}: reading bundle {} failed at offset {}", agentId, transfer.sha256,
                                position, error);
                        refuse(transfer.sha256, position, "reading bundle " + transfer.sha256 + " failed at "
                                + "offset " + position + " on the controller; the agent asks again later");
                        return;
                    }
                    transfer.position += data.size();
                    boolean last = transfer.position >= transfer.end;
                    send.accept(Envelope.newBuilder().setBundleChunk(BundleChunk.newBuilder()
                            .setSha256(transfer.sha256).setOffset(position).setData(data).setLast(last)));
                    metrics.bundleBytesServed(data.size());
                    if (last) {
                        finish(transfer);
                    } else {
                        pump();
                    }
                }));
    }

    private void finish(Transfer transfer) {
        transfer.closeFile();
        current = null;
        startNext();
    }

    private void refuse(BundleRequest request, String error) {
        refuse(request.getSha256(), request.getOffset(), error);
        startNext();
    }

    private void refuse(String sha256, long offset, String error) {
        metrics.bundleRefused();
        LOG.info("Agent {}: bundle request refused: {}", agentId, error);
        send.accept(Envelope.newBuilder().setBundleChunk(BundleChunk.newBuilder()
                .setSha256(sha256).setOffset(offset).setLast(true).setError(error)));
    }

    private record Opened(Transfer transfer, String error) {
        static Opened failed(String error) {
            return new Opened(null, error);
        }
    }

    /**
     * One request being served: {@code [position, end)} is still to be sent, read in order from one stream
     * opened at the request's offset (a file, or one ranged GET from an object store).
     */
    private static final class Transfer {
        final String sha256;
        final InputStream stream;
        final long end;
        long position;
        boolean reading;

        Transfer(String sha256, InputStream stream, long position, long end) {
            this.sha256 = sha256;
            this.stream = stream;
            this.position = position;
            this.end = end;
        }

        /** Runs on the file executor; reads are sequential, one at a time per transfer. */
        ByteString read(long from, int length) {
            // One array of the chunk's size, filled in place: readNBytes(int) reads in small pieces and copies
            // them into the array it returns, which cost as much CPU as TLS per MiB served (docs/benchmarks.md).
            byte[] buffer = new byte[length];
            int read;
            try {
                read = stream.readNBytes(buffer, 0, length);
            } catch (IOException e) {
                throw new IllegalStateException(e.getMessage(), e);
            }
            if (read < length) {
                throw new IllegalStateException("the stored bundle ended early, at " + (from + read));
            }
            // The array is never touched again, so the chunk may share it instead of copying.
            return UnsafeByteOperations.unsafeWrap(buffer);
        }

        void closeFile() {
            try {
                stream.close();
            } catch (IOException e) {
                LOG.debug("Closing bundle {} failed: {}", sha256, e.toString());
            }
        }
    }
}
