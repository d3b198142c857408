package dev.hoist.agent.fuzz;

import dev.hoist.agent.bundle.BundleType;
import dev.hoist.protocol.fuzz.Corpus;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The archive readers and extractor under {@link ArchiveFuzz}; every kept archive of {@code fuzz/archive}. */
class ArchiveFuzzTest {
    private final ArchiveFuzz target = new ArchiveFuzz();

    @Property(tries = 400)
    void everyArchiveIsExtractedInsideOrRefused(@ForAll("archives") ArchiveFuzz.Archive archive) throws Exception {
        target.check(archive);
    }

    @Provide
    Arbitrary<ArchiveFuzz.Archive> archives() {
        return target.inputs();
    }

    @Example
    void theCorpusReplays() throws Exception {
        for (Corpus.Entry entry : Corpus.load(target.name())) {
            BundleType type = entry.name().endsWith(".zip") ? BundleType.ZIP
                    : entry.name().endsWith(".tgz") ? BundleType.TGZ : BundleType.TAR;
            target.check(new ArchiveFuzz.Archive(type, entry.bytes()));
        }
    }
}
