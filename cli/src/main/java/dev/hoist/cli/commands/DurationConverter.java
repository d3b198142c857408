package dev.hoist.cli.commands;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;

/**
 * Reads durations from the command line: {@code 90s}, {@code 30m}, {@code 1h}, {@code 1h30m}, {@code 2d},
 * or plain seconds ({@code 300}).
 */
final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
    private static final Pattern PART = Pattern.compile("(\\d{1,9})([smhd])");
    private static final Pattern PLAIN_SECONDS = Pattern.compile("\\d{1,9}");

    @Override
    public Duration convert(String value) {
        String text = value.trim().toLowerCase(Locale.ROOT);
        if (PLAIN_SECONDS.matcher(text).matches()) {
            return Duration.ofSeconds(Long.parseLong(text));
        }
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
        if (text.isEmpty() || end != text.length()) {
            throw new CommandLine.TypeConversionException("'" + value + "' is not a duration; write a number and a "
                    + "unit (s, m, h, d), e.g. 90s, 30m, 1h or 1h30m, or plain seconds");
        }
        return total;
    }
}
