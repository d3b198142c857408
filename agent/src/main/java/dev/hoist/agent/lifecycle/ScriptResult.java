package dev.hoist.agent.lifecycle;

import dev.hoist.protocol.deploy.FailureClass;

/**
 * How one script ended.
 *
 * @param failure {@code null} when the script succeeded
 * @param exitCode the exit code when the script exited on its own, else {@code null}
 * @param message what happened, with the last lines of output when it failed
 */
public record ScriptResult(FailureClass failure, Integer exitCode, String message) {

    public boolean succeeded() {
        return failure == null;
    }

    static ScriptResult failed(FailureClass failure, String message) {
        return new ScriptResult(failure, null, message);
    }
}
