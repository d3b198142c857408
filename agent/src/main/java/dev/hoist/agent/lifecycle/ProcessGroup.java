package dev.hoist.agent.lifecycle;

import java.io.File;
import java.io.IOException;
import java.util.concurrent.TimeUnit;

/**
 * Signals a whole process group, so a script's children and grandchildren stop with it. The JDK can
 * only signal single processes, so this uses {@code kill -s SIG -- -PGID}.
 */
final class ProcessGroup {

    private final long pgid;

    ProcessGroup(long pgid) {
        this.pgid = pgid;
    }

    long id() {
        return pgid;
    }

    /** Sends {@code signal} ({@code TERM}, {@code KILL}) to every process of the group; false if none was left. */
    boolean signal(String signal) {
        try {
            Process kill = new ProcessBuilder("kill", "-s", signal, "--", "-" + pgid)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .start();
            if (!kill.waitFor(10, TimeUnit.SECONDS)) {
                kill.destroyForcibly();
                return false;
            }
            return kill.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
