package dev.hoist.cli.output;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** Renders API values for people: times relative to now, byte counts in binary units, tags as {@code k=v}. */
public final class Humanize {
    private final Clock clock;

    public Humanize(Clock clock) {
        this.clock = clock;
    }

    /** {@code "5m ago"}, {@code "in 1h"}, or {@code null} when the value is missing. */
    public String relative(JsonNode time) {
        if (time == null || !time.isTextual()) {
            return null;
        }
        Instant at;
        try {
            at = Instant.parse(time.asText());
        } catch (DateTimeParseException e) {
            return time.asText();
        }
        Duration delta = Duration.between(at, clock.instant());
        String amount = amount(delta.abs());
        return delta.isNegative() ? "in " + amount : amount + " ago";
    }

    public static String tags(JsonNode tags) {
        List<String> parts = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> fields = tags.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> tag = fields.next();
            parts.add(tag.getKey() + "=" + tag.getValue().asText());
        }
        return String.join(",", parts);
    }

    public static String bytes(JsonNode value) {
        if (value == null || !value.isNumber()) {
            return null;
        }
        double amount = value.asDouble();
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
