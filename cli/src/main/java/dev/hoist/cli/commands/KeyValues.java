package dev.hoist.cli.commands;

import dev.hoist.cli.ExitCodes;
import dev.hoist.cli.client.CliFailure;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads {@code KEY=VALUE} arguments such as tags. */
final class KeyValues {
    private KeyValues() {
    }

    static Map<String, String> parse(List<String> pairs, String what) {
        Map<String, String> result = new LinkedHashMap<>();
        if (pairs == null) {
            return result;
        }
        for (String pair : pairs) {
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw new CliFailure(what + " '" + pair + "' must be KEY=VALUE, e.g. env=prod", ExitCodes.USAGE);
            }
            result.put(pair.substring(0, eq), pair.substring(eq + 1));
        }
        return result;
    }
}
