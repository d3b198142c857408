package dev.hoist.cli;

/** The exit statuses of {@code hoist}, so that scripts can tell failures apart. */
public final class ExitCodes {
    /** Done. */
    public static final int OK = 0;
    /** The controller refused the request (bad input, not found, conflict) or failed. */
    public static final int REFUSED = 1;
    /** The command line itself is wrong. */
    public static final int USAGE = 2;
    /** The controller could not be reached. */
    public static final int UNREACHABLE = 3;
    /** The API token is missing, unknown, or its role is too low. */
    public static final int NOT_AUTHORISED = 4;
    /** {@code hoist deploy --wait}: the deployment ended {@code Failed} (whatever its rollback did). */
    public static final int DEPLOYMENT_FAILED = 5;
    /** {@code hoist deploy --wait}: the deployment ended {@code Stopped}. */
    public static final int DEPLOYMENT_STOPPED = 6;
    /** {@code hoist deploy --wait}: {@code --timeout} passed before the deployment ended; it goes on. */
    public static final int WAIT_TIMED_OUT = 7;

    private ExitCodes() {
    }
}
