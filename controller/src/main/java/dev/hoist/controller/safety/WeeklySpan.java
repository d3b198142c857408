package dev.hoist.controller.safety;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.time.format.TextStyle;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * A weekly span of wall-clock time in a time zone, e.g. Friday 16:00 to Monday 08:00 Europe/Berlin. It may
 * run over the week's end. Wall-clock: across a daylight-saving change, Friday 16:00 stays 16:00 local time.
 * A span whose start and end are the same moment of the week covers the whole week.
 */
public record WeeklySpan(DayOfWeek startDay, LocalTime startTime, DayOfWeek endDay, LocalTime endTime,
        ZoneId zone) {

    private static final int MINUTES_PER_WEEK = 7 * 24 * 60;

    public boolean contains(Instant at) {
        ZonedDateTime local = at.atZone(zone);
        int now = minuteOfWeek(local.getDayOfWeek(), local.toLocalTime());
        int start = minuteOfWeek(startDay, startTime);
        int end = minuteOfWeek(endDay, endTime);
        if (start == end) {
            return true;
        }
        return start < end ? now >= start && now < end : now >= start || now < end;
    }

    private static int minuteOfWeek(DayOfWeek day, LocalTime time) {
        return ((day.getValue() - 1) * 24 * 60 + time.getHour() * 60 + time.getMinute()) % MINUTES_PER_WEEK;
    }

    /** {@code DAY HH:MM}, e.g. {@code FRIDAY 16:00}: how it is stored and shown. */
    public static String point(DayOfWeek day, LocalTime time) {
        return day.name() + " " + String.format(Locale.ROOT, "%02d:%02d", time.getHour(), time.getMinute());
    }

    /**
     * Reads {@code DAY HH:MM}: the day in English, whole or its first three letters, in any case
     * ({@code Fri 16:00}, {@code FRIDAY 16:00}).
     */
    public static Optional<Point> parsePoint(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String[] parts = text.strip().split("\\s+");
        if (parts.length != 2) {
            return Optional.empty();
        }
        Optional<DayOfWeek> day = Arrays.stream(DayOfWeek.values()).filter(d -> d.name().equalsIgnoreCase(parts[0])
                || d.getDisplayName(TextStyle.SHORT, Locale.ENGLISH).equalsIgnoreCase(parts[0])).findFirst();
        try {
            LocalTime time = LocalTime.parse(parts[1].length() == 4 ? "0" + parts[1] : parts[1]);
            return day.map(d -> new Point(d, time.withSecond(0).withNano(0)));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** One moment of the week. */
    public record Point(DayOfWeek day, LocalTime time) {
    }

    @Override
    public String toString() {
        return "every " + point(startDay, startTime) + " to " + point(endDay, endTime) + " " + zone.getId();
    }
}
