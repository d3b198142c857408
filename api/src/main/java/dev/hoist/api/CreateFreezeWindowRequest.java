package dev.hoist.api;

/**
 * Body of {@code POST /api/v1/freeze-windows}: a scope (an {@code application} with an optional
 * {@code group}, or {@code all}) and a time: one-off ({@code from}, {@code to}) or weekly
 * ({@code weeklyFrom}, {@code weeklyTo} as {@code DAY HH:MM}, in {@code timeZone}). {@code from} and
 * {@code to} are ISO-8601 instants ({@code 2025-12-24T00:00:00Z}).
 */
public record CreateFreezeWindowRequest(
        String application,
        String group,
        Boolean all,
        String from,
        String to,
        String weeklyFrom,
        String weeklyTo,
        String timeZone,
        String reason) {
}
