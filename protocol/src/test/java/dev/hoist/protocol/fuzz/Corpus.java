package dev.hoist.protocol.fuzz;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The inputs kept in the repository for a target, {@code src/test/resources/fuzz/NAME/*}: interesting
 * seeds the generators mutate, and every input that once found a defect (replayed as a regression test).
 */
public final class Corpus {
    private Corpus() {
    }

    /** The files of {@code fuzz/NAME} on the test classpath, by name; empty when there are none. */
    public static List<Entry> load(String name) {
        URL url = Corpus.class.getClassLoader().getResource("fuzz/" + name);
        if (url == null || !"file".equals(url.getProtocol())) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(Path.of(url.toURI()))) {
            List<Entry> entries = new ArrayList<>();
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                entries.add(new Entry(file.getFileName().toString(), Files.readAllBytes(file)));
            }
            return List.copyOf(entries);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** One kept input. */
    public record Entry(String name, byte[] bytes) {
        @Override
        public String toString() {
            return name;
        }
    }
}
