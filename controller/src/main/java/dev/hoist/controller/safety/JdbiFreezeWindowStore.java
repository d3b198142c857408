package dev.hoist.controller.safety;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/** Freeze windows in SQL ({@code freeze_windows}, V12). */
public final class JdbiFreezeWindowStore implements FreezeWindowStore {
    private static final String COLUMNS = "id, application, group_name, starts_at, ends_at, weekly_from, weekly_to, "
            + "time_zone, reason, created_by, created_at";

    private final Jdbi jdbi;

    public JdbiFreezeWindowStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public void insert(FreezeWindow window) {
        WeeklySpan weekly = window.weekly();
        jdbi.useHandle(handle -> handle.createUpdate("INSERT INTO freeze_windows (" + COLUMNS + ") VALUES (:id, "
                        + ":application, :group, :from, :to, :weeklyFrom, :weeklyTo, :zone, :reason, :createdBy, "
                        + ":createdAt)")
                .bind("id", window.id())
                .bind("application", window.application())
                .bind("group", window.group())
                .bind("from", window.from() == null ? null : window.from().toEpochMilli())
                .bind("to", window.to() == null ? null : window.to().toEpochMilli())
                .bind("weeklyFrom", weekly == null ? null : WeeklySpan.point(weekly.startDay(), weekly.startTime()))
                .bind("weeklyTo", weekly == null ? null : WeeklySpan.point(weekly.endDay(), weekly.endTime()))
                .bind("zone", weekly == null ? null : weekly.zone().getId())
                .bind("reason", window.reason())
                .bind("createdBy", window.createdBy())
                .bind("createdAt", window.createdAt().toEpochMilli())
                .execute());
    }

    @Override
    public List<FreezeWindow> list() {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT " + COLUMNS + " FROM freeze_windows "
                        + "ORDER BY created_at, id")
                .map((rs, ctx) -> toWindow(rs))
                .list());
    }

    @Override
    public Optional<FreezeWindow> find(String id) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT " + COLUMNS + " FROM freeze_windows WHERE id = :id")
                .bind("id", id)
                .map((rs, ctx) -> toWindow(rs))
                .findOne());
    }

    @Override
    public boolean delete(String id) {
        return jdbi.withHandle(handle -> handle.createUpdate("DELETE FROM freeze_windows WHERE id = :id")
                .bind("id", id).execute()) > 0;
    }

    private static FreezeWindow toWindow(ResultSet rs) throws SQLException {
        WeeklySpan weekly = null;
        String id = rs.getString("id");
        String weeklyFrom = rs.getString("weekly_from");
        String weeklyTo = rs.getString("weekly_to");
        if (weeklyFrom != null) {
            WeeklySpan.Point start = WeeklySpan.parsePoint(weeklyFrom).orElseThrow(() -> new IllegalStateException(
                    "freeze window " + id + " has weekly_from '" + weeklyFrom + "'"));
            WeeklySpan.Point end = WeeklySpan.parsePoint(weeklyTo).orElseThrow(() -> new IllegalStateException(
                    "freeze window " + id + " has weekly_to '" + weeklyTo + "'"));
            weekly = new WeeklySpan(start.day(), start.time(), end.day(), end.time(), ZoneId.of(rs.getString("time_zone")));
        }
        return new FreezeWindow(rs.getString("id"), rs.getString("application"), rs.getString("group_name"),
                instant(rs, "starts_at"), instant(rs, "ends_at"), weekly, rs.getString("reason"),
                rs.getString("created_by"), Instant.ofEpochMilli(rs.getLong("created_at")));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        long millis = rs.getLong(column);
        return rs.wasNull() ? null : Instant.ofEpochMilli(millis);
    }
}
