-- Blue/green: how long after a reroute the original set is retired (its ApplicationStop run); null keeps it ready.
ALTER TABLE group_load_balancers ADD COLUMN retire_after_millis BIGINT;
