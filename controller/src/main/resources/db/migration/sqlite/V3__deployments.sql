-- V3: deployments, their hosts, lifecycle events and log lines, and what each group knows of its hosts.
-- SQLite (the same schema as the PostgreSQL folder; generated keys differ): times are BIGINT epoch milliseconds (UTC).
-- deployment_hosts.seq is the generated key here (SQLite generates only INTEGER PRIMARY KEY values), so the
-- (deployment_id, agent_id) key is UNIQUE rather than the primary key. BOOLEAN columns hold 0 and 1.

CREATE TABLE deployments (
    id                     VARCHAR(64)   NOT NULL PRIMARY KEY,
    application            VARCHAR(128)  NOT NULL,
    group_name             VARCHAR(128)  NOT NULL,
    group_id               VARCHAR(64)   NOT NULL,
    revision_id            VARCHAR(64)   NOT NULL,
    config_name            VARCHAR(128)  NOT NULL,
    minimum_type           VARCHAR(16)   NOT NULL,  -- HOST_COUNT | FLEET_PERCENT | ALL_BUT_ONE
    minimum_value          INTEGER       NOT NULL,
    status                 VARCHAR(16)   NOT NULL,
    creator                VARCHAR(128)  NOT NULL,
    description            VARCHAR(1000),
    rollback_deployment_id VARCHAR(64),
    rollback_of            VARCHAR(64),
    error                  VARCHAR(4000),
    ignore_stop_failures   BOOLEAN       NOT NULL,
    file_exists_behavior   VARCHAR(16),
    auto_rollback          BOOLEAN,                 -- null: the group's setting
    ending_status          VARCHAR(16),             -- decided outcome while hosts are still in flight
    ending_trigger         VARCHAR(32),
    created_at             BIGINT        NOT NULL,
    started_at             BIGINT,
    ended_at               BIGINT
);

CREATE INDEX deployments_by_created ON deployments (created_at);
CREATE INDEX deployments_by_group_status ON deployments (group_id, status);
CREATE INDEX deployments_by_status ON deployments (status);

CREATE TABLE deployment_hosts (
    seq           INTEGER       PRIMARY KEY AUTOINCREMENT,  -- planning order
    deployment_id VARCHAR(64)   NOT NULL REFERENCES deployments (id),
    agent_id      VARCHAR(64)   NOT NULL,
    hostname      VARCHAR(255)  NOT NULL,
    standing      VARCHAR(32)   NOT NULL,
    status        VARCHAR(16)   NOT NULL,
    failure       VARCHAR(32),
    message       VARCHAR(4000),
    command_id    VARCHAR(64),
    acknowledged  BOOLEAN       NOT NULL,
    current_event VARCHAR(64),
    started_at    BIGINT,
    ended_at      BIGINT,
    deadline      BIGINT,
    UNIQUE (deployment_id, agent_id)
);

CREATE TABLE deployment_events (
    deployment_id VARCHAR(64)   NOT NULL REFERENCES deployments (id),
    agent_id      VARCHAR(64)   NOT NULL,
    event         VARCHAR(64)   NOT NULL,
    status        VARCHAR(16)   NOT NULL,
    failure       VARCHAR(32),
    exit_code     INTEGER,
    message       VARCHAR(4000),
    started_at    BIGINT,
    ended_at      BIGINT,
    PRIMARY KEY (deployment_id, agent_id, event)
);

-- line_number counts per host (as the agent numbers them); seq_no per deployment, in arrival order.
CREATE TABLE deployment_logs (
    deployment_id VARCHAR(64)   NOT NULL REFERENCES deployments (id),
    agent_id      VARCHAR(64)   NOT NULL,
    line_number   BIGINT        NOT NULL,
    seq_no        BIGINT        NOT NULL,
    at            BIGINT        NOT NULL,
    event         VARCHAR(64),
    stream        VARCHAR(16)   NOT NULL,
    script        VARCHAR(1000),
    line_text     VARCHAR(8000) NOT NULL,
    PRIMARY KEY (deployment_id, agent_id, line_number)
);

CREATE INDEX deployment_logs_by_seq ON deployment_logs (deployment_id, seq_no);

CREATE TABLE group_hosts (
    group_id    VARCHAR(64)  NOT NULL,
    agent_id    VARCHAR(64)  NOT NULL,
    revision_id VARCHAR(64),
    last_status VARCHAR(16)  NOT NULL,
    updated_at  BIGINT       NOT NULL,
    PRIMARY KEY (group_id, agent_id)
);
