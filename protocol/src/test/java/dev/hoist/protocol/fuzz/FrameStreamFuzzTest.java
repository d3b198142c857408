package dev.hoist.protocol.fuzz;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The frame and envelope decoders under {@link FrameStreamFuzz}: a short run here, a million inputs in
 * {@code scripts/bench/run.sh fuzz}; every kept input of {@code fuzz/frame} replayed.
 */
class FrameStreamFuzzTest {
    private final FrameStreamFuzz target = new FrameStreamFuzz();

    @Property(tries = 3_000)
    void everyStreamDecodesAsTheReferenceReadsIt(@ForAll("streams") FrameStreamFuzz.Stream stream) {
        target.check(stream);
    }

    @Provide
    Arbitrary<FrameStreamFuzz.Stream> streams() {
        return target.inputs();
    }

    /**
     * Found by this fuzzer: an undecodable frame and an oversized prefix arriving in one read were both
     * refused (two refusals, the later one first) because the frame decoder refused the oversized prefix
     * before the frames ahead of it reached the envelope decoder. Now the first bad frame is refused, once.
     */
    @Example
    void anUndecodableFrameAheadOfAnOversizedOneIsTheOneRefused() {
        byte[] hello = {0x08, 0x07, 0x52, 0x02, 0x08, 0x01};
        byte[] undecodable = {0x08, 0x01, 0x0f, 0, 0, 0, 0, 0, 0, 0, 0, 0};
        ByteBuffer stream = ByteBuffer.allocate(4 + hello.length + 4 + undecodable.length + 4 + 8)
                .putInt(hello.length).put(hello).putInt(undecodable.length).put(undecodable).putInt(66)
                .put(new byte[8]);
        target.check(new FrameStreamFuzz.Stream(List.of(stream.array()), 64));
    }

    /** Each kept input whole, then byte by byte. */
    @Example
    void theCorpusReplays() {
        for (Corpus.Entry entry : Corpus.load(target.name())) {
            int max = ByteBuffer.wrap(entry.bytes(), 0, 4).getInt();
            byte[] bytes = Arrays.copyOfRange(entry.bytes(), 4, entry.bytes().length);
            target.check(new FrameStreamFuzz.Stream(List.of(bytes), max));
            List<byte[]> single = new ArrayList<>();
            for (byte b : bytes) {
                single.add(new byte[] {b});
            }
            target.check(new FrameStreamFuzz.Stream(single, max));
        }
    }
}
