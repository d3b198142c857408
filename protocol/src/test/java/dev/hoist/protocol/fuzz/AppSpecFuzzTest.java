package dev.hoist.protocol.fuzz;

import java.nio.charset.StandardCharsets;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The AppSpec parser under {@link AppSpecFuzz}; every kept file of {@code fuzz/appspec} replayed. */
class AppSpecFuzzTest {
    private final AppSpecFuzz target = new AppSpecFuzz();

    @Property(tries = 1_000)
    void everyFileGivesASpecOrExplainedErrors(@ForAll("files") String text) {
        target.check(text);
    }

    @Provide
    Arbitrary<String> files() {
        return target.inputs();
    }

    @Example
    void theCorpusReplays() {
        for (Corpus.Entry entry : Corpus.load(target.name())) {
            target.check(new String(entry.bytes(), StandardCharsets.UTF_8));
        }
    }
}
