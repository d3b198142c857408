package dev.hoist.controller.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/** The migration files the store ships, as the tests see them on the class path. */
final class MigrationFiles {
    /** The newest schema version. */
    static final int NEWEST = versions("sqlite").stream().mapToInt(Integer::intValue).max().orElseThrow();

    private MigrationFiles() {
    }

    /** The file names in {@code db/migration/<folder>}, sorted. */
    static List<String> names(String folder) {
        URL url = MigrationFiles.class.getClassLoader().getResource("db/migration/" + folder);
        if (url == null) {
            throw new IllegalStateException("db/migration/" + folder + " is not on the class path");
        }
        try (Stream<Path> files = Files.list(Path.of(url.toURI()))) {
            return files.map(file -> file.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The versions in {@code db/migration/<folder>}. */
    static List<Integer> versions(String folder) {
        return names(folder).stream()
                .map(name -> Integer.parseInt(name.substring(1, name.indexOf("__"))))
                .sorted()
                .toList();
    }

    /** What {@code flyway_schema_history} holds ("version type") after adopting a schema at {@code baseline}. */
    static List<String> historyAfterBaseline(int baseline) {
        return Stream.concat(Stream.of(baseline + " BASELINE"),
                IntStream.rangeClosed(baseline + 1, NEWEST).mapToObj(version -> version + " SQL")).toList();
    }

    /** What {@code flyway_schema_history} holds ("version type") after migrating an empty database. */
    static List<String> historyFromEmpty() {
        return IntStream.rangeClosed(1, NEWEST).mapToObj(version -> version + " SQL").toList();
    }
}
