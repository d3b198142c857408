package dev.hoist.controller.fuzz;

import dev.hoist.protocol.fuzz.Corpus;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The REST request bodies under {@link RequestJsonFuzz}; every kept body of {@code fuzz/json}, for each type. */
class RequestJsonFuzzTest {
    private final RequestJsonFuzz target = new RequestJsonFuzz();

    @Property(tries = 2_000)
    void everyBodyIsReadOrRefusedWithA400(@ForAll("bodies") RequestJsonFuzz.Body body) {
        target.check(body);
    }

    @Provide
    Arbitrary<RequestJsonFuzz.Body> bodies() {
        return target.inputs();
    }

    @Example
    void theCorpusReplays() {
        for (Corpus.Entry entry : Corpus.load(target.name())) {
            for (int type = 0; type < RequestJsonFuzz.REQUESTS.size(); type++) {
                target.check(new RequestJsonFuzz.Body(type, entry.bytes()));
            }
        }
    }
}
