package dev.hoist.agent.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hoist.agent.state.DeploymentLayout;
import dev.hoist.agent.state.EventJournal;
import dev.hoist.agent.state.InFlightEvent;
import java.io.File;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A hook left running by a dead agent, as a real process group that outlives its parent's view of it. */
class LeftoverHooksTest {
    @TempDir
    Path root;

    private Process hook;

    @AfterEach
    void killLeftovers() {
        if (hook != null) {
            new ProcessGroup(hook.pid()).signal("KILL");
        }
    }

    @Test
    void theGroupNamedInTheJournalIsEndedChildrenIncluded() throws Exception {
        hook = startGroup();
        EventJournal journal = new EventJournal(new DeploymentLayout(root));
        journal.begin(new InFlightEvent("g-1", "d-1", "c-1", "ApplicationStart", Instant.now())
                .runningHook(hook.pid(), LeftoverHooks.tokenOf(hook.pid())));
        InFlightEvent found = journal.takeAllInterrupted().get(0);
        assertThat(found.processGroup()).isEqualTo(hook.pid());

        var stopped = new LeftoverHooks(Duration.ofSeconds(5), Clock.systemUTC()).stop(found);

        assertThat(stopped).hasValueSatisfying(text -> assertThat(text).contains("process group " + hook.pid()));
        assertThat(hook.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(LeftoverHooks.hasLiveMembers(hook.pid())).as("no process of the group is left").isFalse();
    }

    @Test
    void aGroupWhoseLeaderIsNotTheOneJournalledIsLeftAlone() throws Exception {
        hook = startGroup();
        String token = LeftoverHooks.tokenOf(hook.pid());
        String otherStart = token.substring(0, token.lastIndexOf('/') + 1)
                + (Long.parseLong(token.substring(token.lastIndexOf('/') + 1)) - 1);
        InFlightEvent reused = new InFlightEvent("g-1", "d-1", "c-1", "ApplicationStart", Instant.now())
                .runningHook(hook.pid(), otherStart);

        assertThat(new LeftoverHooks(Duration.ofSeconds(5), Clock.systemUTC()).stop(reused)).isEmpty();
        assertThat(hook.isAlive()).as("a reused process group id is never signalled").isTrue();
    }

    /** {@code setsid sh -c 'sleep 300 & wait'}: a leader and a child, in a group of their own. */
    private static Process startGroup() throws Exception {
        Process process = new ProcessBuilder("setsid", "sh", "-c", "sleep 300 & wait")
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        assertThat(LeftoverHooks.tokenOf(process.pid())).isNotEmpty();
        return process;
    }
}
