package dev.hoist.controller.secrets;

import dev.hoist.controller.core.Refusal;
import dev.hoist.controller.core.deploy.GroupSecrets;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The secret variables of deployment groups: set, listed (names and times only), deleted, and opened for
 * the commands that run the group's hooks. Values are sealed before they reach the store and are never
 * part of an answer, a log line or an exception message.
 *
 * <p>Opened values are kept per group until the group's secrets change, so that sending work to a
 * thousand hosts does not read and open the same rows a thousand times.
 */
public final class HookSecrets implements GroupSecrets {
    /** Environment variable names a shell can use; upper or lower case, as env(1) allows. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,127}");
    /** What the agent sets itself for every hook (appspec.md §3): a secret may not shadow them. */
    private static final Set<String> RESERVED = Set.of("LIFECYCLE_EVENT", "DEPLOYMENT_ID", "APPLICATION_NAME",
            "DEPLOYMENT_GROUP_NAME", "DEPLOYMENT_GROUP_ID", "BUNDLE_COMMIT", "PATH", "HOME", "SHELL", "USER",
            "LOGNAME");
    static final int MAX_VALUE_BYTES = 4096;
    static final int MAX_PER_GROUP = 100;

    /** A secret as anyone may see it: its name and when it was last set. */
    public record Entry(String name, Instant updatedAt) {
    }

    private final JdbiGroupSecretStore store;
    private final SecretSealer sealer;
    private final Clock clock;
    private final Map<String, Map<String, String>> opened = new ConcurrentHashMap<>();

    HookSecrets(JdbiGroupSecretStore store, SecretSealer sealer, Clock clock) {
        this.store = store;
        this.sealer = sealer;
        this.clock = clock;
    }

    public List<Entry> list(String groupId) {
        return store.list(groupId).stream().map(row -> new Entry(row.name(), row.updatedAt())).toList();
    }

    /** Sets (creates or replaces) a secret; the value is checked, sealed and forgotten. */
    public Entry set(String groupId, String name, String value) {
        checkName(name);
        checkValue(name, value);
        List<JdbiGroupSecretStore.Row> rows = store.list(groupId);
        boolean replacing = rows.stream().anyMatch(row -> row.name().equals(name));
        if (!replacing && rows.size() >= MAX_PER_GROUP) {
            throw Refusal.conflict("TOO_MANY_SECRETS", "this deployment group has " + MAX_PER_GROUP
                    + " secrets already, the most it may have; delete one first", Map.of("secret", name));
        }
        Instant now = clock.instant();
        store.put(new JdbiGroupSecretStore.Row(groupId, name, sealer.seal(groupId, name, value), now));
        opened.remove(groupId);
        return new Entry(name, now);
    }

    public boolean delete(String groupId, String name) {
        boolean deleted = store.delete(groupId, name);
        opened.remove(groupId);
        return deleted;
    }

    @Override
    public Map<String, String> forHooks(String groupId) {
        return opened.computeIfAbsent(groupId, this::open);
    }

    /** Opens every stored secret once; throws, naming the first that does not open (never its value). */
    void checkAllReadable() {
        for (JdbiGroupSecretStore.Row row : store.all()) {
            try {
                sealer.open(row.groupId(), row.name(), row.sealed());
            } catch (SecretSealer.UnreadableSecretException e) {
                throw new IllegalStateException("the secret " + row.name() + " of deployment group " + row.groupId()
                        + " cannot be read: " + e.getMessage() + ". Configure the key it was set with "
                        + "(secrets.keyFile), or delete the secret and set it again", e);
            }
        }
    }

    private Map<String, String> open(String groupId) {
        Map<String, String> values = new LinkedHashMap<>();
        for (JdbiGroupSecretStore.Row row : store.list(groupId)) {
            try {
                values.put(row.name(), sealer.open(groupId, row.name(), row.sealed()));
            } catch (SecretSealer.UnreadableSecretException e) {
                throw new IllegalStateException("the secret " + row.name() + " of deployment group " + groupId
                        + " cannot be read: " + e.getMessage(), e);
            }
        }
        return Map.copyOf(values);
    }

    static void checkName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw Refusal.invalid("INVALID_SECRET_NAME", "a secret's name is an environment variable name: "
                    + "1-128 letters, digits or '_', not starting with a digit", Map.of("secret", String.valueOf(name)));
        }
        if (RESERVED.contains(name) || name.startsWith("HOIST_")) {
            throw Refusal.invalid("INVALID_SECRET_NAME", "'" + name + "' is set by the agent for every hook "
                    + "(appspec.md); choose another name", Map.of("secret", name));
        }
    }

    private static void checkValue(String name, String value) {
        if (value == null || value.isEmpty()) {
            throw Refusal.invalid("INVALID_SECRET_VALUE", "the secret " + name + " has no value; send "
                    + "{\"value\": \"...\"} (the CLI reads it from standard input or --from-file)",
                    Map.of("secret", name));
        }
        if (value.indexOf('\u0000') >= 0) {
            throw Refusal.invalid("INVALID_SECRET_VALUE", "the value of " + name + " holds a NUL character, "
                    + "which no environment variable can carry", Map.of("secret", name));
        }
        int bytes = value.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_VALUE_BYTES) {
            throw Refusal.invalid("INVALID_SECRET_VALUE", "the value of " + name + " has " + bytes + " bytes; "
                    + "the most is " + MAX_VALUE_BYTES, Map.of("secret", name));
        }
    }
}
