-- V2: applications, revisions, deployment configs and deployment groups.
-- SQLite (the same schema as the PostgreSQL folder; generated keys differ): times are BIGINT epoch milliseconds (UTC), JSON is VARCHAR.
-- revisions.seq is the generated key here (SQLite generates only INTEGER PRIMARY KEY values), so the id is
-- UNIQUE rather than the primary key.

CREATE TABLE applications (
    name       VARCHAR(128) NOT NULL PRIMARY KEY,
    created_at BIGINT       NOT NULL,
    created_by VARCHAR(128) NOT NULL
);

CREATE TABLE revisions (
    seq           INTEGER       PRIMARY KEY AUTOINCREMENT, -- push order; several pushes share a millisecond
    id            VARCHAR(64)   NOT NULL UNIQUE,
    application   VARCHAR(128)  NOT NULL REFERENCES applications (name),
    sha256        VARCHAR(64)   NOT NULL,
    size_bytes    BIGINT        NOT NULL,
    bundle_type   VARCHAR(16)   NOT NULL,
    description   VARCHAR(1000),
    source_commit VARCHAR(64),
    created_at    BIGINT        NOT NULL,
    created_by    VARCHAR(128)  NOT NULL
);

CREATE INDEX revisions_by_application ON revisions (application, seq);

-- Custom configs only; the built-ins (OneAtATime, HalfAtATime, AllAtOnce) live in code.
CREATE TABLE deployment_configs (
    name          VARCHAR(128) NOT NULL PRIMARY KEY,
    minimum_type  VARCHAR(16)  NOT NULL,  -- HOST_COUNT | FLEET_PERCENT
    minimum_value INTEGER      NOT NULL,
    created_at    BIGINT       NOT NULL
);

CREATE TABLE deployment_groups (
    id                           VARCHAR(64)   NOT NULL PRIMARY KEY,
    application                  VARCHAR(128)  NOT NULL REFERENCES applications (name),
    name                         VARCHAR(128)  NOT NULL,
    tag_set                      VARCHAR(4000),          -- JSON [["role=web","role=api"],["env=prod"]], or null
    agent_ids                    VARCHAR(8000),          -- JSON ["agt-..."], or null when tag_set is set
    config_name                  VARCHAR(128)  NOT NULL,
    auto_rollback                VARCHAR(1000) NOT NULL, -- JSON {"enabled": true, "triggers": ["DEPLOYMENT_FAILURE"]}
    file_exists_behavior         VARCHAR(16),
    health_checks                VARCHAR(8000) NOT NULL, -- JSON list of HealthCheckSpec
    script_timeout_limit_seconds BIGINT        NOT NULL,
    created_at                   BIGINT        NOT NULL,
    UNIQUE (application, name)
);
