package dev.hoist.agent.deploy;

/** A command running on a deployment thread, as {@link AgentDeployments} stops it. */
interface RunningCommand extends Runnable {

    /** The controller cancelled the command. */
    void cancel(boolean allowRunningHooksToFinish);

    /** Stop at once, for {@code why} (the agent is stopping, or was turned away). */
    void stopNow(String why);
}
