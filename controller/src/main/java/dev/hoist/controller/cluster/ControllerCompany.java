package dev.hoist.controller.cluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * What a controller needs before it may serve beside other controllers on one database, checked at
 * start, after it registered (so that of two controllers starting at once, at least one sees the other):
 * a CA shared through the database, a secrets key file they all have a copy of, and an artifact store
 * every one of them reaches. A controller that
 * finds a live controller without them refuses to start, saying what to change.
 *
 * <p>A {@code directory} store is shared when every controller sees the same directory. Each controller
 * leaves a mark, {@code <store>/controllers/<id>}, before it registers; a live controller whose mark is
 * missing from this controller's directory does not share it.
 */
final class ControllerCompany {
    static final String MARKS = "controllers";

    private ControllerCompany() {
    }

    /** Leaves this controller's mark in its {@code directory} store, before it registers. */
    static void mark(Path bundleDir, String controllerId) throws IOException {
        Path marks = bundleDir.resolve(MARKS);
        Files.createDirectories(marks);
        Files.writeString(marks.resolve(controllerId), controllerId + "\n", StandardCharsets.US_ASCII);
    }

    /**
     * @param sharedCa whether the CA is in the database ({@code pki.keyEncryptionKeyFile})
     * @param sharedSecretsKey whether the secrets key is a configured file ({@code secrets.keyFile}) rather
     *     than the one the data directory holds
     * @param bundleDir this controller's {@code directory} store, or {@code null} for an object store
     * @throws IllegalStateException when another controller is live and this one does not share all three
     */
    static void requireShareable(List<ControllerRows.Controller> liveOthers, boolean sharedCa,
            boolean sharedSecretsKey, Path bundleDir, Clock clock) {
        if (liveOthers.isEmpty()) {
            return;
        }
        if (!sharedCa) {
            throw new IllegalStateException(describe(liveOthers, clock) + " already runs on this database, and this "
                    + "controller keeps its CA in its data directory: controllers on one database must sign with one "
                    + "CA. Create a key file once with '(umask 077; openssl rand -base64 32 > /etc/hoist/kek)', copy "
                    + "it to every controller, name it as pki.keyEncryptionKeyFile in each one's configuration and "
                    + "restart them one at a time (docs/operations.md, \"Several controllers\")");
        }
        if (!sharedSecretsKey) {
            throw new IllegalStateException(describe(liveOthers, clock) + " already runs on this database, and this "
                    + "controller seals group secrets with the key in its own data directory (secrets.key): the "
                    + "others could not read what it seals. Copy one key file to every controller and name it as "
                    + "secrets.keyFile in each one's configuration (docs/operations.md, \"Several controllers\")");
        }
        if (bundleDir == null) {
            return;
        }
        for (ControllerRows.Controller other : liveOthers) {
            if (!Files.exists(bundleDir.resolve(MARKS).resolve(other.id()))) {
                throw new IllegalStateException(describe(List.of(other), clock) + " already runs on this database, "
                        + "and this controller's artifact store is the directory " + bundleDir + ", which that "
                        + "controller does not share: a revision pushed to one would be missing on the other. Use "
                        + "'bundles: {store: s3}' on every controller, or mount one directory at <data>/bundles on "
                        + "all of them (docs/operations.md, \"Several controllers\")");
            }
        }
    }

    private static String describe(List<ControllerRows.Controller> controllers, Clock clock) {
        ControllerRows.Controller first = controllers.get(0);
        long silentMillis = Math.max(0, Duration.between(first.heartbeatAt(), clock.instant()).toMillis());
        return "controller " + first.id() + " (gateway " + first.address() + ", last heartbeat " + silentMillis
                + " ms ago)";
    }
}
