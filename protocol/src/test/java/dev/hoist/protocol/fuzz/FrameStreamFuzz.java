package dev.hoist.protocol.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.hoist.protocol.frame.EnvelopeDecoder;
import dev.hoist.protocol.frame.FrameDecoder;
import dev.hoist.protocol.frame.FrameError;
import dev.hoist.protocol.v1.BundleChunk;
import dev.hoist.protocol.v1.DeployCommand;
import dev.hoist.protocol.v1.Envelope;
import dev.hoist.protocol.v1.Heartbeat;
import dev.hoist.protocol.v1.Hello;
import dev.hoist.protocol.v1.HostFacts;
import dev.hoist.protocol.v1.LogLine;
import dev.hoist.protocol.v1.LogLines;
import dev.hoist.protocol.v1.Refusal;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * The inbound half of every Hoist connection, {@link FrameDecoder} then {@link EnvelopeDecoder}, in an
 * {@code EmbeddedChannel}, fed a stream of frames cut into random chunks. Frames are valid envelopes of
 * several kinds, mutated envelopes, protobuf-hostile bodies (deep groups, endless varints, lengths past
 * the end), random bytes, and lying length prefixes (short, long, over the maximum, 2^32-1).
 *
 * <p>A reference reading of the same bytes says what must come out: every complete frame before the
 * first bad one as its envelope, then exactly one refusal of the right kind and a closed channel (or,
 * when the stream just ends mid-frame, nothing more). Nothing may throw, and every buffer is released.
 */
public final class FrameStreamFuzz implements FuzzTarget<FrameStreamFuzz.Stream> {

    /** The bytes as written, cut where each chunk ends, and the decoder's maximum. */
    public record Stream(List<byte[]> chunks, int maxFrameBytes) {
        byte[] all() {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            chunks.forEach(out::writeBytes);
            return out.toByteArray();
        }
    }

    @Override
    public String name() {
        return "frame";
    }

    @Override
    public Arbitrary<Stream> inputs() {
        Arbitrary<List<byte[]>> frames = frame().list().ofMaxSize(6);
        Arbitrary<Integer> max = Arbitraries.of(16, 64, 1024, 64 * 1024);
        // Kept inputs start with the decoder maximum they were found with; the stream is the rest.
        Arbitrary<byte[]> corpus = Mutations.of(Mutations.seedBytes(Corpus.load(name()).stream()
                .map(entry -> Arrays.copyOfRange(entry.bytes(), 4, entry.bytes().length)).toList(), new byte[0]));
        Arbitrary<byte[]> stream = Arbitraries.frequencyOf(
                Tuple.of(8, frames.map(FrameStreamFuzz::concat)),
                Tuple.of(2, corpus));
        return Combinators.combine(stream, Arbitraries.integers().between(1, 8).list().ofMaxSize(12), max)
                .as(FrameStreamFuzz::cut);
    }

    @Override
    public void check(Stream input) {
        List<FrameError> refusals = new ArrayList<>();
        EmbeddedChannel channel = new EmbeddedChannel(
                new FrameDecoder(input.maxFrameBytes(), (ch, error) -> refusals.add(error)),
                new EnvelopeDecoder((ch, error) -> refusals.add(error)));
        List<ByteBuf> written = new ArrayList<>();
        for (byte[] chunk : input.chunks()) {
            if (!channel.isOpen()) {
                break; // closed by a refusal: a real connection reads nothing more
            }
            ByteBuf buffer = Unpooled.wrappedBuffer(chunk);
            written.add(buffer);
            channel.writeInbound(buffer);
            channel.checkException();
        }
        List<Envelope> decoded = new ArrayList<>();
        for (Object message = channel.readInbound(); message != null; message = channel.readInbound()) {
            assertThat(message).isInstanceOf(Envelope.class);
            decoded.add((Envelope) message);
        }
        Expected expected = expected(input.all(), input.maxFrameBytes());
        boolean open = channel.isOpen();
        channel.finishAndReleaseAll();

        assertThat(decoded).isEqualTo(expected.envelopes());
        if (expected.refusal() == null) {
            assertThat(refusals).isEmpty();
            assertThat(open).as("a stream with no bad frame keeps the connection").isTrue();
        } else {
            assertThat(refusals).hasSize(1);
            assertThat(refusals.get(0).kind()).isEqualTo(expected.refusal());
            assertThat(refusals.get(0).detail()).isNotBlank();
            assertThat(open).as("a bad frame closes the connection").isFalse();
        }
        for (ByteBuf buffer : written) {
            assertThat(buffer.refCnt()).as("every inbound buffer is released").isZero();
        }
    }

    @Override
    public byte[] describe(Stream input) {
        ByteBuffer header = ByteBuffer.allocate(4).putInt(input.maxFrameBytes());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(header.array());
        out.writeBytes(input.all());
        return out.toByteArray();
    }

    /** What a plain reading of {@code bytes} says the decoders must produce. */
    record Expected(List<Envelope> envelopes, FrameError.Kind refusal) {
    }

    static Expected expected(byte[] bytes, int max) {
        List<Envelope> envelopes = new ArrayList<>();
        int at = 0;
        while (bytes.length - at >= 4) {
            long length = Integer.toUnsignedLong(ByteBuffer.wrap(bytes, at, 4).getInt());
            if (length > max) {
                return new Expected(envelopes, FrameError.Kind.OVERSIZED);
            }
            if (bytes.length - at - 4 < length) {
                break;
            }
            try {
                envelopes.add(Envelope.parseFrom(ByteBuffer.wrap(bytes, at + 4, (int) length)));
            } catch (InvalidProtocolBufferException e) {
                return new Expected(envelopes, FrameError.Kind.UNDECODABLE);
            }
            at += 4 + (int) length;
        }
        return new Expected(envelopes, null);
    }

    private static Stream cut(byte[] bytes, List<Integer> cuts, int max) {
        List<byte[]> chunks = new ArrayList<>();
        int at = 0;
        for (int cut : cuts) {
            if (at >= bytes.length) {
                break;
            }
            // Cut sizes grow with the stream, so long streams are not only fed byte by byte.
            int size = Math.min(bytes.length - at, cut * Math.max(1, bytes.length / 16));
            chunks.add(Arrays.copyOfRange(bytes, at, at + size));
            at += size;
        }
        if (at < bytes.length) {
            chunks.add(Arrays.copyOfRange(bytes, at, bytes.length));
        }
        return new Stream(chunks, max);
    }

    private static byte[] concat(List<byte[]> frames) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        frames.forEach(out::writeBytes);
        return out.toByteArray();
    }

    /** One frame: a prefix (usually honest) and a body. */
    private static Arbitrary<byte[]> frame() {
        Arbitrary<byte[]> body = Arbitraries.frequencyOf(
                Tuple.of(4, envelope().map(Envelope::toByteArray)),
                Tuple.of(3, Mutations.of(envelope().map(Envelope::toByteArray))),
                Tuple.of(2, hostileProtobuf()),
                Tuple.of(1, Arbitraries.bytes().array(byte[].class).ofMaxSize(40)));
        Arbitrary<Long> lie = Arbitraries.frequencyOf(
                Tuple.of(12, Arbitraries.just(0L)),
                Tuple.of(2, Arbitraries.longs().between(-3, 3)),
                Tuple.of(1, Arbitraries.of(0xFFFF_FFFFL, 0x8000_0000L, 0x7FFF_FFFFL, 1L << 20)));
        return Combinators.combine(body, lie).as((bytes, delta) -> {
            long announced = delta > 255 ? delta : Math.max(0, bytes.length + delta);
            ByteBuffer frame = ByteBuffer.allocate(4 + bytes.length);
            frame.putInt((int) announced).put(bytes);
            return frame.array();
        });
    }

    private static Arbitrary<Envelope> envelope() {
        Arbitrary<String> text = Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(24),
                Arbitraries.of("", "agt-1", "cmd-1", "../../etc/passwd", "\u0000", "\u202e", "\uD800x", "\u001b[2J"));
        Arbitrary<Long> seq = Arbitraries.longs();
        Arbitrary<Envelope.Builder> body = Arbitraries.oneOf(
                text.map(s -> Envelope.newBuilder().setHello(Hello.newBuilder().addProtocolVersions(1)
                        .setAgentVersion(s).setFacts(HostFacts.newBuilder().setHostname(s).setCpuCount(s.length()))
                        .addPendingCommandIds(s))),
                seq.map(n -> Envelope.newBuilder().setHeartbeat(Heartbeat.newBuilder().setSentAtUnixMillis(n))),
                text.map(s -> Envelope.newBuilder().setDeployCommand(DeployCommand.newBuilder().setCommandId(s)
                        .setBundleSha256(s).addEvents(s).putEnvironment(s, s).putSecretEnvironment(s, s))),
                text.map(s -> Envelope.newBuilder().setLogLines(LogLines.newBuilder().setCommandId(s)
                        .addLines(LogLine.newBuilder().setText(s).setStreamValue(s.length() % 5)))),
                text.map(s -> Envelope.newBuilder().setBundleChunk(BundleChunk.newBuilder().setSha256(s)
                        .setData(ByteString.copyFromUtf8(s)).setLast(s.isEmpty()))),
                text.map(s -> Envelope.newBuilder().setRefusal(Refusal.newBuilder().setCode(s).setMessage(s))),
                Arbitraries.just(Envelope.newBuilder()));
        return Combinators.combine(body, seq).as((builder, n) -> builder.setSeq(n).build());
    }

    /** Bodies aimed at the protobuf parser itself. */
    private static Arbitrary<byte[]> hostileProtobuf() {
        return Combinators.combine(Arbitraries.integers().between(1, 200), Arbitraries.integers().between(0, 8))
                .as(FrameStreamFuzz::hostileProtobuf);
    }

    private static byte[] hostileProtobuf(int n, int kind) {
        return switch (kind) {
            case 0 -> repeat(new byte[] {(byte) 0x53}, n * 10);                // start-group of field 10, nested
            case 1 -> repeat(new byte[] {(byte) 0x52, (byte) 0x80, 0x01}, n);  // hello: length 128, nested again
            case 2 -> repeat(new byte[] {(byte) 0xff}, n);                     // a varint that never ends
            case 3 -> new byte[] {0x08, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff,
                (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x01};                    // seq: the largest varint
            case 4 -> new byte[] {(byte) 0x92, 0x02, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x07};
            case 5 -> new byte[] {(byte) 0xfa, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x0f, 0x00}; // field 2^28-1
            case 6 -> new byte[] {0x07, 0x00};                                  // wire type 7
            case 7 -> new byte[] {0x0c};                                        // end-group without a start
            default -> repeat(new byte[] {0x52, 0x00}, n);                      // hello set again and again
        };
    }

    private static byte[] repeat(byte[] unit, int times) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < times; i++) {
            out.writeBytes(unit);
        }
        return out.toByteArray();
    }
}
