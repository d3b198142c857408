package dev.hoist.protocol.fuzz;

import net.jqwik.api.Arbitrary;

/**
 * One thing to fuzz: a generator of structured but hostile inputs, and the check every input must pass.
 * The same target runs as a short jqwik property in the default test run and for a million inputs in
 * {@code scripts/bench/run.sh fuzz} ({@link FuzzRunner}).
 *
 * @param <T> the input
 */
public interface FuzzTarget<T> {
    /** Short name: the benchmark's {@code target=} and the corpus folder {@code src/test/resources/fuzz/NAME}. */
    String name();

    /** Inputs, seeded from {@link Corpus#load} where the target keeps one. */
    Arbitrary<T> inputs();

    /** Throws (an {@link AssertionError} for a broken invariant) when the code under test misbehaves. */
    void check(T input) throws Exception;

    /** The input as bytes, for a failure file that can be replayed. */
    byte[] describe(T input);
}
