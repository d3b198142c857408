-- V5: the commit that last changed each deployment (its row, a host, an event or a log line), numbered
-- across the controller. The REST representation and the live stream carry it, so a client can tell
-- whether what it read is at least as new as what it was told about.
ALTER TABLE deployments ADD COLUMN change_seq BIGINT NOT NULL DEFAULT 0;
