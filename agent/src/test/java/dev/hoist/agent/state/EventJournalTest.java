package dev.hoist.agent.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EventJournalTest {

    @TempDir
    Path root;

    @Test
    void entriesLeftByADeadAgentAreFoundOnceAcrossGroups() throws Exception {
        DeploymentLayout layout = new DeploymentLayout(root);
        EventJournal journal = new EventJournal(layout);
        journal.begin(new InFlightEvent("g-1", "d-1", "c-1", "ApplicationStart", Instant.parse("2024-05-01T10:00:00Z")));
        journal.begin(new InFlightEvent("g-2", "d-2", "", "Install", Instant.parse("2024-05-01T11:00:00Z")));
        journal.begin(new InFlightEvent("g-3", "d-3", "", "BeforeInstall", Instant.now()));
        journal.clear("g-3");

        assertThat(journal.takeAllInterrupted()).containsExactlyInAnyOrder(
                new InFlightEvent("g-1", "d-1", "c-1", "ApplicationStart", Instant.parse("2024-05-01T10:00:00Z")),
                new InFlightEvent("g-2", "d-2", "", "Install", Instant.parse("2024-05-01T11:00:00Z")));
        assertThat(journal.takeAllInterrupted()).isEmpty();
    }

    @Test
    void aDamagedEntryStillCountsAsAnEventInFlight() throws Exception {
        DeploymentLayout layout = new DeploymentLayout(root);
        Files.createDirectories(layout.groupDir("g-1"));
        Files.writeString(layout.journal("g-1"), "garbage");

        Optional<InFlightEvent> found = new EventJournal(layout).takeInterrupted("g-1");

        assertThat(found).hasValueSatisfying(e -> assertThat(e.event()).isEqualTo("unknown"));
    }

    @Test
    void theGroupLockIsExclusiveUntilReleased() throws Exception {
        DeploymentLayout layout = new DeploymentLayout(root);
        try (GroupLock held = GroupLock.tryAcquire(layout, "g-1").orElseThrow()) {
            assertThat(GroupLock.tryAcquire(layout, "g-1")).isEmpty();
            assertThat(GroupLock.tryAcquire(layout, "g-2")).hasValueSatisfying(other -> {
                try {
                    other.close();
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
        }
        assertThat(GroupLock.tryAcquire(layout, "g-1")).isPresent();
    }
}
