package dev.hoist.controller.cluster;

import java.time.Instant;
import java.util.List;

/** The controllers running on one database, one row each, their heartbeats renewed while they run. */
public interface ControllerRows {
    /** One controller: its id, the gateway address it gives agents, when it started and last beat. */
    record Controller(String id, String address, Instant startedAt, Instant heartbeatAt) {
    }

    /** Records {@code id} as started now, replacing the row of an earlier run with the same id. */
    void register(String id, String address, Instant at);

    /** Renews {@code id}'s heartbeat (and address); re-inserts the row when someone removed it. */
    void heartbeat(String id, String address, Instant at);

    /** Every row, dead controllers' included. */
    List<Controller> list();

    void remove(String id);

    /** Removes rows whose heartbeat is older than {@code before}; returns how many. */
    int removeSilentSince(Instant before);
}
