package dev.hoist.agent.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hoist.protocol.deploy.FailureClass;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Secret variables in real hook processes: the script gets them in its environment, and what it prints
 * reaches the agent's consumers (and so the controller and scripts.log) with every value masked,
 * including a value split across the pieces of an over-long line and the lines of a multi-line value.
 */
class HookSecretsTest {
    private static final String SECRET = "pa55-w0rd-" + Long.toHexString(System.nanoTime());

    @TempDir
    Path revision;

    private final HookRunner runner = new HookRunner(new HookRunnerSettings(Duration.ofSeconds(1), 100, 5),
            Clock.systemUTC());
    private final ConcurrentLinkedQueue<OutputLine> lines = new ConcurrentLinkedQueue<>();

    @Test
    void theScriptSeesTheValueAndItsOutputShowsTheMask() throws IOException {
        Path seen = revision.resolve("seen");
        script("hook.sh", "printf '%s' \"$DB_PASSWORD\" > " + seen + "\necho \"out $DB_PASSWORD\"\n"
                + "echo \"err $DB_PASSWORD\" >&2\necho \"key $TLS_KEY\"\n");

        ScriptResult result = run("hook.sh", Map.of("DB_PASSWORD", SECRET, "TLS_KEY", "begin-" + SECRET
                + "\nsecond-line-of-key"));

        assertThat(result.succeeded()).as(result.message()).isTrue();
        assertThat(Files.readString(seen)).isEqualTo(SECRET);
        assertThat(texts()).containsExactlyInAnyOrder("out ***", "err ***", "key ***", "***");
    }

    @Test
    void aFailureMessageQuotesTheMaskedTail() throws IOException {
        script("fail.sh", "echo \"connecting with $DB_PASSWORD\" >&2\nexit 4\n");

        ScriptResult result = run("fail.sh", Map.of("DB_PASSWORD", SECRET));

        assertThat(result.failure()).isEqualTo(FailureClass.SCRIPT_FAILED);
        assertThat(result.message()).contains("connecting with ***").doesNotContain(SECRET);
    }

    @Test
    void aValueAcrossTheCutOfALongLineIsStillMasked() throws IOException {
        // Lines are cut every 100 bytes: put the value across every possible cut position.
        StringBuilder body = new StringBuilder();
        for (int offset = 70; offset <= 110; offset++) {
            body.append("printf '%s%s%s\\n' '").append("x".repeat(offset)).append("' \"$S\" '")
                    .append("y".repeat(150)).append("'\n");
        }
        script("long.sh", body.toString());

        ScriptResult result = run("long.sh", Map.of("S", SECRET));

        assertThat(result.succeeded()).as(result.message()).isTrue();
        String all = String.join("", texts());
        assertThat(all).doesNotContain(SECRET).doesNotContain(SECRET.substring(0, 6))
                .doesNotContain(SECRET.substring(SECRET.length() - 6));
        assertThat(all.split("\\*\\*\\*", -1)).hasSize(41 + 1);
    }

    @Test
    void thePumpMasksBytesBeforeDecodingAndNeverSplitsAValue() {
        byte[] output = ("a".repeat(95) + SECRET + "b".repeat(300) + "\n" + SECRET + SECRET + "\n")
                .getBytes(StandardCharsets.UTF_8);
        List<OutputLine> got = new ArrayList<>();
        new OutputPump(() -> new ByteArrayInputStream(output), OutputLine.Stream.STDOUT, "x", 100, got::add,
                Clock.systemUTC(), SecretMask.of(List.of(SECRET))).run();

        String joined = got.stream().map(OutputLine::text).collect(Collectors.joining("|"));
        assertThat(joined).doesNotContain(SECRET).contains("******");
        assertThat(joined.replace("|", "")).isEqualTo("a".repeat(95) + "***" + "b".repeat(300) + "******");
        assertThat(got).allSatisfy(line -> assertThat(line.text().length()).isLessThanOrEqualTo(100 + SECRET.length()));
    }

    @Test
    void theMaskHidesLongerValuesFirstAndIgnoresEmptyOnes() {
        SecretMask mask = SecretMask.of(List.of("abc", "abcdef", ""));
        assertThat(mask.apply("x abcdef y abc z")).isEqualTo("x *** y *** z");
        assertThat(mask.toString()).doesNotContain("abc");
        assertThat(SecretMask.of(List.of("")).isEmpty()).isTrue();
    }

    @Test
    void aRequestsTextNamesItsSecretsButNeverShowsThem() {
        ScriptInvocation invocation = new ScriptInvocation("AfterInstall", revision, "x.sh", Duration.ofMinutes(1),
                null, Map.of(), Map.of("DB_PASSWORD", SECRET));
        assertThat(invocation.toString()).contains("DB_PASSWORD").doesNotContain(SECRET);
    }

    private List<String> texts() {
        return lines.stream().map(OutputLine::text).toList();
    }

    private ScriptResult run(String location, Map<String, String> secrets) {
        return runner.run(new ScriptInvocation("AfterInstall", revision, location, Duration.ofMinutes(1), null,
                Map.of("LIFECYCLE_EVENT", "AfterInstall"), secrets), lines::add, new Cancellation());
    }

    private void script(String name, String body) throws IOException {
        Files.writeString(revision.resolve(name), "#!/bin/bash\n" + body, StandardCharsets.UTF_8);
    }
}
