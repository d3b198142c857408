package dev.hoist.agent.lifecycle;

import java.time.Duration;

/**
 * Tunables of {@link HookRunner}.
 *
 * @param killGrace how long a process group gets between SIGTERM and SIGKILL
 * @param maxLineBytes a longer line is cut into pieces of this size, so one huge line cannot fill memory
 * @param tailLines how many of the last output lines a failure message quotes
 */
public record HookRunnerSettings(Duration killGrace, int maxLineBytes, int tailLines) {

    public static final HookRunnerSettings DEFAULT = new HookRunnerSettings(Duration.ofSeconds(5), 16 * 1024, 10);

    public HookRunnerSettings {
        if (killGrace.isNegative() || maxLineBytes < 80 || tailLines < 0) {
            throw new IllegalArgumentException("invalid hook runner settings: grace " + killGrace
                    + ", max line " + maxLineBytes + " bytes, tail " + tailLines + " lines");
        }
    }
}
