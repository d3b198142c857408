package dev.hoist.controller.core;

import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the short durations users type for token lifetimes: {@code 90s}, {@code 30m}, {@code 1h},
 * {@code 7d}, or combinations such as {@code 1h30m}.
 */
public final class TimeToLive {
    private static final Pattern WHOLE = Pattern.compile("(\\d{1,6}[smhd])+");
    private static final Pattern PART = Pattern.compile("(\\d{1,6})([smhd])");

    private TimeToLive() {
    }

    /**
     * @throws Refusal {@code INVALID_TTL} when {@code text} is not a duration between {@code min} and {@code max}
     */
    public static Duration parse(String text, Duration min, Duration max) {
        if (text == null || !WHOLE.matcher(text.trim()).matches()) {
            throw invalid(text, "is not a duration; write a number and a unit (s, m, h, d), e.g. 30m, 1h or 1h30m",
                    min, max);
        }
        Duration total = Duration.ZERO;
        Matcher part = PART.matcher(text.trim());
        while (part.find()) {
            long amount = Long.parseLong(part.group(1));
            total = total.plus(switch (part.group(2)) {
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                default -> Duration.ofDays(amount);
            });
        }
        if (total.compareTo(min) < 0 || total.compareTo(max) > 0) {
            throw invalid(text, "is out of range", min, max);
        }
        return total;
    }

    private static Refusal invalid(String text, String problem, Duration min, Duration max) {
        return Refusal.invalid("INVALID_TTL",
                "ttl '" + text + "' " + problem + "; it must lie between " + format(min) + " and " + format(max),
                Map.of("ttl", String.valueOf(text), "min", format(min), "max", format(max)));
    }

    /** The shortest spelling of {@code duration} in the syntax {@link #parse} reads. */
    public static String format(Duration duration) {
        long seconds = duration.getSeconds();
        if (seconds % 86_400 == 0) {
            return seconds / 86_400 + "d";
        }
        if (seconds % 3_600 == 0) {
            return seconds / 3_600 + "h";
        }
        if (seconds % 60 == 0) {
            return seconds / 60 + "m";
        }
        return seconds + "s";
    }
}
