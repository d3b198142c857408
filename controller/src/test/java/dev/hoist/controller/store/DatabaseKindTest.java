package dev.hoist.controller.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.core.setup.Environment;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which URLs the store runs on, and what a refused one is told to do. */
class DatabaseKindTest {
    @Test
    void sqliteAndPostgresqlAreTheDatabases() {
        assertThat(DatabaseKind.of("jdbc:sqlite:/var/lib/hoist/hoist.db")).isEqualTo(DatabaseKind.SQLITE);
        assertThat(DatabaseKind.of("jdbc:postgresql://db:5432/hoist")).isEqualTo(DatabaseKind.POSTGRESQL);
        assertThatThrownBy(() -> DatabaseKind.of("jdbc:mysql://db/hoist"))
                .hasMessageContaining("jdbc:sqlite:PATH").hasMessageContaining("jdbc:postgresql://");
    }

    @Test
    void anH2UrlIsRefusedWithTheCommandsThatMoveItsFileOver() {
        DatabaseFactory factory = withUrl("jdbc:h2:file:/srv/old/hoist;WRITE_DELAY=0");
        Path dataDir = Path.of("/var/lib/hoist");

        assertThatThrownBy(() -> factory.build(new Environment("test"), dataDir, Clock.systemUTC()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("mv /srv/old/hoist.mv.db /var/lib/hoist/hoist.mv.db")
                .hasMessageContaining("remove database.url")
                .hasMessageContaining("/var/lib/hoist/hoist.db");
    }

    @Test
    void anH2FileAlreadyInTheDataDirectoryNeedsOnlyTheUrlRemoved() {
        assertThat(DatabaseFactory.h2Refusal("jdbc:h2:file:/var/lib/hoist/hoist", Path.of("/var/lib/hoist")))
                .doesNotContain("mv ")
                .contains("remove database.url");
    }

    /** The configuration a YAML file with only {@code database.url} gives. */
    private static DatabaseFactory withUrl(String url) {
        return new ObjectMapper().convertValue(Map.of("url", url), DatabaseFactory.class);
    }
}
