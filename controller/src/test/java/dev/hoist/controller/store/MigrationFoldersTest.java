package dev.hoist.controller.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Every schema version exists for both databases, numbered without gaps. */
class MigrationFoldersTest {
    @Test
    void sqliteAndPostgresqlHaveTheSameVersionsUnderTheSameNames() {
        assertThat(MigrationFiles.names("sqlite")).isEqualTo(MigrationFiles.names("postgresql"));
        assertThat(MigrationFiles.versions("sqlite"))
                .isEqualTo(IntStream.rangeClosed(1, MigrationFiles.NEWEST).boxed().toList());
    }
}
