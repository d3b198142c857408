package dev.hoist.controller.safety;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

/** When a window freezes what: one-off bounds, a weekly span over the week's end and across DST, scopes. */
class FreezeWindowTest {
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final WeeklySpan WEEKEND = new WeeklySpan(DayOfWeek.FRIDAY, LocalTime.of(16, 0), DayOfWeek.MONDAY,
            LocalTime.of(8, 0), BERLIN);

    @Test
    void aOneOffWindowIncludesItsStartAndExcludesItsEnd() {
        FreezeWindow window = window("shop", "web", null);

        assertThat(window.activeAt(Instant.parse("2025-12-23T23:59:59Z"))).isFalse();
        assertThat(window.activeAt(Instant.parse("2025-12-24T00:00:00Z"))).isTrue();
        assertThat(window.activeAt(Instant.parse("2025-12-26T23:59:59Z"))).isTrue();
        assertThat(window.activeAt(Instant.parse("2025-12-27T00:00:00Z"))).isFalse();
    }

    @Test
    void aWeekendSpanRunsOverTheWeeksEndInLocalTimeOnBothSidesOfDaylightSaving() {
        // Winter (CET, UTC+1): Friday 2025-01-10 16:00 local is 15:00Z.
        assertThat(WEEKEND.contains(Instant.parse("2025-01-10T14:59:00Z"))).isFalse();
        assertThat(WEEKEND.contains(Instant.parse("2025-01-10T15:00:00Z"))).isTrue();
        assertThat(WEEKEND.contains(Instant.parse("2025-01-12T12:00:00Z"))).as("Sunday").isTrue();
        assertThat(WEEKEND.contains(Instant.parse("2025-01-13T06:59:00Z"))).as("Monday 07:59 local").isTrue();
        assertThat(WEEKEND.contains(Instant.parse("2025-01-13T07:00:00Z"))).as("Monday 08:00 local").isFalse();
        assertThat(WEEKEND.contains(Instant.parse("2025-01-15T12:00:00Z"))).as("Wednesday").isFalse();
        // Summer (CEST, UTC+2): the same wall-clock times are an hour earlier in UTC.
        assertThat(WEEKEND.contains(Instant.parse("2025-07-11T14:00:00Z"))).isTrue();
        assertThat(WEEKEND.contains(Instant.parse("2025-07-11T13:59:00Z"))).isFalse();
        assertThat(WEEKEND.contains(Instant.parse("2025-07-14T06:00:00Z"))).isFalse();
    }

    @Test
    void aSpanWithinOneWeekAndPointsAsPeopleWriteThem() {
        WeeklySpan nights = new WeeklySpan(DayOfWeek.TUESDAY, LocalTime.of(22, 0), DayOfWeek.WEDNESDAY,
                LocalTime.of(6, 0), ZoneId.of("UTC"));

        assertThat(nights.contains(Instant.parse("2025-01-07T23:00:00Z"))).isTrue();
        assertThat(nights.contains(Instant.parse("2025-01-08T07:00:00Z"))).isFalse();
        assertThat(WeeklySpan.parsePoint("Fri 16:00")).contains(new WeeklySpan.Point(DayOfWeek.FRIDAY,
                LocalTime.of(16, 0)));
        assertThat(WeeklySpan.parsePoint("monday 8:05")).contains(new WeeklySpan.Point(DayOfWeek.MONDAY,
                LocalTime.of(8, 5)));
        assertThat(WeeklySpan.parsePoint("Friyay 16:00")).isEmpty();
        assertThat(WeeklySpan.parsePoint("Fri 25:00")).isEmpty();
        assertThat(WEEKEND.toString()).isEqualTo("every FRIDAY 16:00 to MONDAY 08:00 Europe/Berlin");
    }

    @Test
    void scopesFreezeTheirGroupTheirApplicationOrEverything() {
        Instant inside = Instant.parse("2025-12-25T00:00:00Z");

        assertThat(window("shop", "web", null).freezes("shop", "web", inside)).isTrue();
        assertThat(window("shop", "web", null).freezes("shop", "api", inside)).isFalse();
        assertThat(window("shop", null, null).freezes("shop", "api", inside)).isTrue();
        assertThat(window("shop", null, null).freezes("blog", "api", inside)).isFalse();
        assertThat(window(null, null, null).freezes("blog", "api", inside)).isTrue();
        assertThat(window(null, null, null).scope()).isEqualTo("all applications");
        assertThat(window("shop", null, null).scope()).isEqualTo("shop/*");
    }

    private static FreezeWindow window(String application, String group, WeeklySpan weekly) {
        return new FreezeWindow("fw-1", application, group, Instant.parse("2025-12-24T00:00:00Z"),
                Instant.parse("2025-12-27T00:00:00Z"), weekly, "holidays", "alice", Instant.EPOCH);
    }
}
