-- Traffic control (docs/traffic.md): a deployment group behind a load balancer. One row per group that
-- has one; the balancer is driven by one agent, named by id or chosen by tag (exactly one is set).
CREATE TABLE group_load_balancers (
    group_id               VARCHAR(64)   NOT NULL PRIMARY KEY REFERENCES deployment_groups (id),
    balancer_agent_id      VARCHAR(64),
    balancer_agent_tag     VARCHAR(512),
    backends               VARCHAR(4000) NOT NULL, -- names separated by ','
    server_tag             VARCHAR(128),           -- null: the host's server name is its hostname
    drain_timeout_millis   BIGINT        NOT NULL,
    up_timeout_millis      BIGINT        NOT NULL,
    guard_timeout_millis   BIGINT        NOT NULL,
    blue_tag               VARCHAR(512),           -- blue/green: the two target sets (both set, or neither)
    green_tag              VARCHAR(512),
    serving_set            VARCHAR(8),             -- blue | green: the set that serves now
    updated_at             BIGINT        NOT NULL
);
