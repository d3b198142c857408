package dev.hoist.cli.commands;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;

/** Reads durations such as {@code 90s}, {@code 30m}, {@code 1h} or {@code 1h30m} from the command line. */
final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
    private static final Pattern PART = Pattern.compile("(\\d+)([smhd])");

    @Override
    public Duration convert(String value) {
        String text = value.trim().toLowerCase();
        Matcher part = PART.matcher(text);
        Duration total = Duration.ZERO;
        int end = 0;
        while (part.lookingAt()) {
            long amount = Long.parseLong(part.group(1));
            total = total.plus(switch (part.group(2)) {
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                default -> Duration.ofDays(amount);
            });
            end = part.end();
            part.region(end, text.length());
        }
        if (text.isEmpty() || end != text.length() || total.isZero()) {
            throw new CommandLine.TypeConversionException("'" + value + "' is not a duration; write a number and a "
                    + "unit (s, m, h, d), e.g. 90s, 30m, 1h or 1h30m");
        }
        return total;
    }
}
