package dev.hoist.protocol.fuzz;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * Byte-level mutations of well-formed seeds, the way a coverage-guided fuzzer mutates its corpus: flips,
 * truncation, insertion of boundary bytes, duplication of a slice, overwriting with "interesting" values.
 */
public final class Mutations {
    private static final byte[][] INTERESTING = {
        {0}, {(byte) 0xff}, {(byte) 0x7f}, {(byte) 0x80}, {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff},
        {0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff}, {(byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80,
            (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 0x01},
        {'\n'}, {'\r', '\n'}, {'/'}, {'.', '.', '/'}, {(byte) 0xc0, (byte) 0xaf}, {(byte) 0xed, (byte) 0xa0, (byte) 0x80},
    };

    private Mutations() {
    }

    /** {@code seeds}, each mutated 0 to 4 times. */
    public static Arbitrary<byte[]> of(Arbitrary<byte[]> seeds) {
        return Combinators.combine(seeds, Arbitraries.integers().between(0, 4), Arbitraries.longs())
                .as((seed, rounds, salt) -> mutate(seed, rounds, new Random(salt)));
    }

    /** A random mutation of {@code bytes}, deterministic for one {@code random}. */
    public static byte[] mutate(byte[] bytes, int rounds, Random random) {
        byte[] current = bytes;
        for (int i = 0; i < rounds; i++) {
            current = once(current, random);
        }
        return current;
    }

    private static byte[] once(byte[] in, Random random) {
        int length = in.length;
        int at = length == 0 ? 0 : random.nextInt(length + 1);
        switch (random.nextInt(7)) {
            case 0 -> {
                if (length == 0) {
                    return in;
                }
                byte[] out = in.clone();
                int index = Math.min(at, length - 1);
                out[index] ^= (byte) (1 << random.nextInt(8));
                return out;
            }
            case 1 -> {
                return Arrays.copyOf(in, at);
            }
            case 2 -> {
                byte[] value = INTERESTING[random.nextInt(INTERESTING.length)];
                return insert(in, at, value);
            }
            case 3 -> {
                if (length == 0) {
                    return in;
                }
                int from = random.nextInt(length);
                int size = 1 + random.nextInt(Math.min(64, length - from));
                return insert(in, at, Arrays.copyOfRange(in, from, from + size));
            }
            case 4 -> {
                byte[] value = INTERESTING[random.nextInt(INTERESTING.length)];
                byte[] out = in.clone();
                for (int i = 0; i < value.length && at + i < out.length; i++) {
                    out[at + i] = value[i];
                }
                return out;
            }
            case 5 -> {
                if (length == 0) {
                    return in;
                }
                int from = random.nextInt(length);
                int size = 1 + random.nextInt(Math.min(16, length - from));
                byte[] out = new byte[length - size];
                System.arraycopy(in, 0, out, 0, from);
                System.arraycopy(in, from + size, out, from, length - from - size);
                return out;
            }
            default -> {
                byte[] noise = new byte[1 + random.nextInt(8)];
                random.nextBytes(noise);
                return insert(in, at, noise);
            }
        }
    }

    private static byte[] insert(byte[] in, int at, byte[] value) {
        byte[] out = new byte[in.length + value.length];
        System.arraycopy(in, 0, out, 0, at);
        System.arraycopy(value, 0, out, at, value.length);
        System.arraycopy(in, at, out, at + value.length, in.length - at);
        return out;
    }

    /** Seeds from a corpus, or {@code fallback} when it has none. */
    public static Arbitrary<byte[]> seeds(List<Corpus.Entry> corpus, byte[] fallback) {
        return seedBytes(corpus.stream().map(Corpus.Entry::bytes).toList(), fallback);
    }

    /** One of {@code seeds}, or {@code fallback} when there are none. */
    public static Arbitrary<byte[]> seedBytes(List<byte[]> seeds, byte[] fallback) {
        return seeds.isEmpty() ? Arbitraries.just(fallback) : Arbitraries.of(seeds);
    }
}
