package dev.hoist.controller.core;

import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** Issues API tokens: checks name and role, stores the hash, hands the secret out once. */
public final class ApiTokenIssuer {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.@-]{0,63}");

    private final ApiTokenStore store;
    private final Clock clock;

    public ApiTokenIssuer(ApiTokenStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** A freshly issued token and its secret, which exists nowhere else. */
    public record Issued(ApiToken token, String secret) {
    }

    /** @throws Refusal {@code INVALID_NAME}, {@code INVALID_ROLE} or {@code NAME_TAKEN} */
    public Issued issue(String name, String role) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw Refusal.invalid("INVALID_NAME", "token name '" + name + "' is not valid: 1 to 64 characters, "
                    + "starting with a letter or digit, then letters, digits and _ . @ -", Map.of("name", String.valueOf(name)));
        }
        Role parsed = Role.parse(role);
        if (parsed == null) {
            List<String> valid = Arrays.stream(Role.values()).map(Role::wireName).toList();
            throw Refusal.invalid("INVALID_ROLE", "role '" + role + "' is not one of " + valid,
                    Map.of("role", String.valueOf(role), "valid", valid));
        }
        if (store.findByName(name).isPresent()) {
            throw new Refusal(Refusal.Kind.CONFLICT, "NAME_TAKEN", "an API token named '" + name
                    + "' exists already; pick another name or delete it first", Map.of("name", name));
        }
        String secret = Secrets.newSecret("hoist_api_");
        ApiToken token = new ApiToken(Secrets.newId("tok-"), name, parsed, Secrets.hash(secret),
                clock.instant().truncatedTo(ChronoUnit.MILLIS));
        store.insert(token);
        return new Issued(token, secret);
    }
}
