-- Blue/green: a deployment may wait, once every replacement host is ready, for `hoist deployment continue`
-- before the traffic is rerouted (docs/traffic.md). Times are BIGINT epoch milliseconds (UTC).

-- The group's setting: how long a deployment waits for continue before it is Stopped; null: reroute at once.
ALTER TABLE group_load_balancers ADD COLUMN continue_expiry_millis BIGINT;

-- The deployment's wait: set when it turns Ready (every replacement host waits), kept afterwards.
ALTER TABLE deployments ADD COLUMN continue_by BIGINT;
-- When it was continued (the reroute was released); null while it waits, or when it never waited.
ALTER TABLE deployments ADD COLUMN continued_at BIGINT;
