package dev.hoist.protocol.frame;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import dev.hoist.protocol.v1.Envelope;
import dev.hoist.protocol.v1.Heartbeat;
import dev.hoist.protocol.v1.Hello;
import dev.hoist.protocol.v1.HostFacts;
import dev.hoist.protocol.v1.BundleChunk;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.EncoderException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FrameCodecTest {
    private static final int MAX = 1024;
    private final List<FrameError> errors = new ArrayList<>();
    private final List<ByteBuf> inputs = new ArrayList<>();
    private final EmbeddedChannel channel = new EmbeddedChannel(
            new FrameDecoder(MAX, (ch, error) -> errors.add(error)),
            new EnvelopeDecoder((ch, error) -> errors.add(error)),
            new EnvelopeEncoder(MAX));

    @AfterEach
    void everyBufferIsReleased() {
        channel.finishAndReleaseAll();
        assertThat(inputs).allSatisfy(buffer -> assertThat(buffer.refCnt()).isZero());
    }

    @Test
    void anEnvelopeSurvivesTheRoundTrip() {
        Envelope hello = hello(7);

        assertThat(channel.writeInbound(encode(hello))).isTrue();

        assertThat((Envelope) channel.readInbound()).isEqualTo(hello);
        assertThat(errors).isEmpty();
    }

    @Test
    void aFrameArrivingOneByteAtATimeIsAssembled() {
        Envelope hello = hello(1);
        ByteBuf encoded = encode(hello);
        while (encoded.isReadable()) {
            channel.writeInbound(track(encoded.readRetainedSlice(1)));
            if (encoded.isReadable()) {
                assertThat(channel.<Object>readInbound()).isNull();
            }
        }
        encoded.release();

        assertThat((Envelope) channel.readInbound()).isEqualTo(hello);
    }

    @Test
    void severalFramesInOneBufferComeOutInOrder() {
        ByteBuf all = track(Unpooled.buffer());
        for (int seq = 1; seq <= 3; seq++) {
            ByteBuf one = encode(heartbeat(seq));
            all.writeBytes(one);
            one.release();
        }

        channel.writeInbound(all);

        assertThat(List.of((Envelope) channel.readInbound(), (Envelope) channel.readInbound(),
                (Envelope) channel.readInbound())).extracting(Envelope::getSeq).containsExactly(1L, 2L, 3L);
        assertThat(channel.<Object>readInbound()).isNull();
    }

    @Test
    void aZeroLengthFrameIsAnEnvelopeWithNoBody() {
        channel.writeInbound(track(Unpooled.buffer().writeInt(0)));

        Envelope empty = channel.readInbound();
        assertThat(empty.getBodyCase()).isEqualTo(Envelope.BodyCase.BODY_NOT_SET);
        assertThat(channel.isOpen()).isTrue();
    }

    @Test
    void anOversizedFrameClosesTheConnectionBeforeItsBodyArrives() {
        channel.writeInbound(track(Unpooled.buffer().writeInt(MAX + 1).writeBytes(new byte[100])));

        assertThat(channel.<Object>readInbound()).isNull();
        assertThat(channel.isOpen()).isFalse();
        assertThat(errors).singleElement().satisfies(error -> {
            assertThat(error.kind()).isEqualTo(FrameError.Kind.OVERSIZED);
            assertThat(error.detail()).contains(String.valueOf(MAX + 1), String.valueOf(MAX));
        });
    }

    @Test
    void aLengthWithTheTopBitSetIsOversizedNotNegative() {
        channel.writeInbound(track(Unpooled.buffer().writeInt(0x8000_0001)));

        assertThat(channel.isOpen()).isFalse();
        assertThat(errors).extracting(FrameError::kind).containsExactly(FrameError.Kind.OVERSIZED);
    }

    @Test
    void garbageClosesTheConnectionAndSaysWhy() {
        byte[] garbage = {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff};
        channel.writeInbound(track(Unpooled.buffer().writeInt(garbage.length).writeBytes(garbage)));

        assertThat(channel.<Object>readInbound()).isNull();
        assertThat(channel.isOpen()).isFalse();
        assertThat(errors).singleElement().satisfies(error -> {
            assertThat(error.kind()).isEqualTo(FrameError.Kind.UNDECODABLE);
            assertThat(error.detail()).contains("5 bytes", "hoist.v1.Envelope");
        });
    }

    @Test
    void framesAfterAGarbageFrameInTheSameBufferAreDropped() {
        ByteBuf buffer = track(Unpooled.buffer());
        buffer.writeInt(2).writeByte(0xff).writeByte(0xff);
        ByteBuf good = encode(heartbeat(2));
        buffer.writeBytes(good);
        good.release();

        channel.writeInbound(buffer);

        assertThat(channel.<Object>readInbound()).isNull();
        assertThat(errors).hasSize(1);
    }

    @Test
    void theEncoderRefusesToSendWhatThePeerWouldRefuse() {
        Envelope big = Envelope.newBuilder().setBundleChunk(BundleChunk.newBuilder()
                .setData(ByteString.copyFrom(new byte[MAX + 1]))).build();

        assertThatThrownBy(() -> channel.writeOutbound(big))
                .isInstanceOf(EncoderException.class).hasMessageContaining("maximum frame size is " + MAX);
    }

    @Test
    void randomBytesEitherDecodeOrCloseTheConnectionNeverAnythingElse() {
        Random random = new Random(20240601L);
        for (int round = 0; round < 2000; round++) {
            List<FrameError> seen = new ArrayList<>();
            EmbeddedChannel fuzzed = new EmbeddedChannel(
                    new FrameDecoder(MAX, (ch, error) -> seen.add(error)),
                    new EnvelopeDecoder((ch, error) -> seen.add(error)));
            byte[] body = new byte[random.nextInt(64)];
            random.nextBytes(body);
            ByteBuf input = Unpooled.buffer().writeInt(body.length).writeBytes(body);

            fuzzed.writeInbound(input);

            Object decoded = fuzzed.readInbound();
            assertThat(decoded == null ? !fuzzed.isOpen() && seen.size() == 1 : decoded instanceof Envelope)
                    .as("round %d", round).isTrue();
            assertThat(input.refCnt()).isZero();
            fuzzed.finishAndReleaseAll();
        }
    }

    private ByteBuf encode(Envelope envelope) {
        EmbeddedChannel encoder = new EmbeddedChannel(new EnvelopeEncoder(MAX));
        encoder.writeOutbound(envelope);
        ByteBuf encoded = encoder.readOutbound();
        encoder.finishAndReleaseAll();
        return track(encoded);
    }

    private ByteBuf track(ByteBuf buffer) {
        inputs.add(buffer);
        return buffer;
    }

    private static Envelope hello(long seq) {
        return Envelope.newBuilder().setSeq(seq).setHello(Hello.newBuilder()
                .addProtocolVersions(1).setAgentVersion("1.0")
                .setFacts(HostFacts.newBuilder().setHostname("web-1").setCpuCount(2))).build();
    }

    private static Envelope heartbeat(long seq) {
        return Envelope.newBuilder().setSeq(seq).setHeartbeat(Heartbeat.newBuilder().setSentAtUnixMillis(seq)).build();
    }
}
