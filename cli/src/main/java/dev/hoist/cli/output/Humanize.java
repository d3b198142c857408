package dev.hoist.cli.output;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Renders API values for people: times relative to now, byte counts in binary units, tags as {@code k=v}. */
public final class Humanize {
    private final Clock clock;

    public Humanize(Clock clock) {
        this.clock = clock;
    }

    /** {@code "5m ago"}, {@code "in 1h"}, or {@code null} when the value is missing. */
    public String relative(Instant at) {
        if (at == null) {
            return null;
        }
        Duration delta = Duration.between(at, clock.instant());
        String amount = amount(delta.abs());
        return delta.isNegative() ? "in " + amount : amount + " ago";
    }

    /** {@code env=prod,role=web} in the order the controller sent them (sorted); empty for none. */
    public static String tags(Map<String, String> tags) {
        if (tags == null) {
            return "";
        }
        List<String> parts = new ArrayList<>();
        tags.forEach((key, value) -> parts.add(key + "=" + value));
        return String.join(",", parts);
    }

    public static String bytes(long value) {
        double amount = value;
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};
        int unit = 0;
        while (amount >= 1024 && unit < units.length - 1) {
            amount /= 1024;
            unit++;
        }
        return unit == 0 ? String.format("%.0f %s", amount, units[unit]) : String.format("%.1f %s", amount, units[unit]);
    }

    private static String amount(Duration duration) {
        long seconds = duration.getSeconds();
        if (seconds < 60) {
            return seconds + "s";
        }
        if (seconds < 3_600) {
            return seconds / 60 + "m";
        }
        if (seconds < 86_400) {
            return seconds / 3_600 + "h";
        }
        return seconds / 86_400 + "d";
    }
}
