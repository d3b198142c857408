package dev.hoist.cli.commands;

import dev.hoist.cli.ExitCodes;
import dev.hoist.cli.client.CliFailure;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads durations given on the command line: {@code 30s}, {@code 5m}, {@code 1h}, or plain seconds. */
final class DurationOption {
    private static final Pattern DURATION = Pattern.compile("(\\d{1,9})([smh]?)");

    private DurationOption() {
    }

    static long seconds(String option, String text) {
        Matcher matcher = DURATION.matcher(text.trim());
        if (!matcher.matches()) {
            throw new CliFailure(option + " '" + text + "' is not a duration; write e.g. 30s, 5m or 1h",
                    ExitCodes.USAGE);
        }
        long amount = Long.parseLong(matcher.group(1));
        return switch (matcher.group(2)) {
            case "m" -> amount * 60;
            case "h" -> amount * 3600;
            default -> amount;
        };
    }
}
