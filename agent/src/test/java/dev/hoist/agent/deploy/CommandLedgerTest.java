package dev.hoist.agent.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommandLedgerTest {
    @TempDir
    Path dir;

    private static CommandRecord running(String id, long at) {
        return new CommandRecord(id, "d-" + id, "g-1", List.of("Install"), CommandRecord.RUNNING, "", null, null,
                null, false, at);
    }

    @Test
    void recordsSurviveAReopenAndPendingMeansRunningOrUnacknowledged() throws Exception {
        Clock clock = Clock.fixed(Instant.parse("2025-01-01T00:00:00Z"), ZoneOffset.UTC);
        CommandLedger ledger = CommandLedger.open(dir, 10, clock);
        ledger.save(running("cmd-a", 1));
        ledger.save(running("cmd-b", 2).finished("FAILED", "SCRIPT_FAILED", "Install failed", 3));
        ledger.save(running("cmd-c", 4).finished("SUCCEEDED", null, "ok", 5));
        ledger.resultAcknowledged("cmd-c");

        CommandLedger reopened = CommandLedger.open(dir, 10, clock);

        assertThat(reopened.pendingIds()).containsExactly("cmd-a", "cmd-b");
        assertThat(reopened.find("cmd-b").orElseThrow().resultFailure()).isEqualTo("SCRIPT_FAILED");
        assertThat(reopened.find("cmd-c").orElseThrow().resultAcknowledged()).isTrue();
    }

    @Test
    void keepsOnlyTheNewestDoneRecordsButEveryPendingOne() throws Exception {
        CommandLedger ledger = CommandLedger.open(dir, 2, Clock.systemUTC());
        ledger.save(running("cmd-run", 0));
        for (int i = 1; i <= 4; i++) {
            ledger.save(new CommandRecord("cmd-" + i, "d", "g", List.of(), CommandRecord.REFUSED, "busy", null, null,
                    null, false, i));
        }

        assertThat(ledger.all()).extracting(CommandRecord::commandId)
                .containsExactlyInAnyOrder("cmd-run", "cmd-3", "cmd-4");
        assertThat(Files.exists(dir.resolve("cmd-1.json"))).isFalse();
    }

    @Test
    void aRecordWrittenByAnEarlierAgentLoadsAndUnknownFieldsAreIgnored() throws Exception {
        Files.writeString(dir.resolve("cmd-old.json"), "{\"commandId\":\"cmd-old\",\"deploymentId\":\"d-1\","
                + "\"groupId\":\"g-1\",\"events\":[\"BeforeInstall\",\"Install\"],\"state\":\"FINISHED\","
                + "\"ackMessage\":\"\",\"resultStatus\":\"FAILED\",\"resultFailure\":\"SCRIPT_FAILED\","
                + "\"resultMessage\":\"exit 3\",\"resultAcknowledged\":false,\"updatedAtMillis\":1733220000000,"
                + "\"addedByALaterAgent\":\"x\"}");

        CommandRecord old = CommandLedger.open(dir, 10, Clock.systemUTC()).find("cmd-old").orElseThrow();

        assertThat(old).isEqualTo(new CommandRecord("cmd-old", "d-1", "g-1", List.of("BeforeInstall", "Install"),
                CommandRecord.FINISHED, "", "FAILED", "SCRIPT_FAILED", "exit 3", false, 1733220000000L));
    }

    @Test
    void aRecordOfTheWrongShapeIsSetAside() throws Exception {
        Files.writeString(dir.resolve("cmd-odd.json"), "{\"commandId\":\"cmd-odd\",\"events\":{\"nested\":1}}");

        CommandLedger ledger = CommandLedger.open(dir, 10, Clock.systemUTC());

        assertThat(ledger.find("cmd-odd")).isEmpty();
        assertThat(Files.exists(dir.resolve("cmd-odd.json.damaged"))).isTrue();
    }

    @Test
    void aDamagedRecordIsSetAsideAndTheRestIsRead() throws Exception {
        CommandLedger ledger = CommandLedger.open(dir, 10, Clock.systemUTC());
        ledger.save(running("cmd-good", 1));
        Files.writeString(dir.resolve("cmd-torn.json"), "{\"commandId\": \"cmd-to");

        CommandLedger reopened = CommandLedger.open(dir, 10, Clock.systemUTC());

        assertThat(reopened.all()).extracting(CommandRecord::commandId).containsExactly("cmd-good");
        assertThat(Files.exists(dir.resolve("cmd-torn.json.damaged"))).isTrue();
    }

    @Test
    void onlyIdsThatAreSafeFileNamesAreValid() {
        assertThat(CommandLedger.isValidId("cmd-1.2_x")).isTrue();
        assertThat(CommandLedger.isValidId("../x")).isFalse();
        assertThat(CommandLedger.isValidId("")).isFalse();
        assertThat(CommandLedger.isValidId(".hidden")).isFalse();
    }
}
