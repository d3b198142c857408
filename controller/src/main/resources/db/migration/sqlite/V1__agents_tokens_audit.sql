-- V1: agent registry, join tokens, revocations, API tokens, audit events.
-- SQLite (the same schema as the PostgreSQL folder; generated keys differ): times are BIGINT epoch milliseconds (UTC), JSON is VARCHAR.
-- Generated keys are INTEGER PRIMARY KEY AUTOINCREMENT: SQLite has no identity columns, and AUTOINCREMENT
-- never hands out a number twice.

CREATE TABLE agents (
    id            VARCHAR(64)   NOT NULL PRIMARY KEY,
    hostname      VARCHAR(255)  NOT NULL,
    agent_version VARCHAR(64),
    os            VARCHAR(255),
    first_seen    BIGINT        NOT NULL,
    last_seen     BIGINT        NOT NULL,
    state         VARCHAR(16)   NOT NULL,
    state_since   BIGINT        NOT NULL,
    facts         VARCHAR(4000)
);

CREATE TABLE agent_tags (
    agent_id  VARCHAR(64)  NOT NULL REFERENCES agents (id) ON DELETE CASCADE,
    tag_key   VARCHAR(128) NOT NULL,
    tag_value VARCHAR(256) NOT NULL,
    PRIMARY KEY (agent_id, tag_key)
);

CREATE INDEX agent_tags_by_key_value ON agent_tags (tag_key, tag_value);

CREATE TABLE join_tokens (
    id          VARCHAR(64)   NOT NULL PRIMARY KEY,
    secret_hash VARCHAR(64)   NOT NULL UNIQUE,
    tags        VARCHAR(8000) NOT NULL,
    created_at  BIGINT        NOT NULL,
    expires_at  BIGINT        NOT NULL,
    uses_left   INTEGER       NOT NULL,
    created_by  VARCHAR(128)  NOT NULL
);

CREATE TABLE revocations (
    agent_id   VARCHAR(64) NOT NULL PRIMARY KEY,
    revoked_at BIGINT      NOT NULL
);

CREATE TABLE api_tokens (
    id          VARCHAR(64)  NOT NULL PRIMARY KEY,
    name        VARCHAR(128) NOT NULL UNIQUE,
    role        VARCHAR(16)  NOT NULL,
    secret_hash VARCHAR(64)  NOT NULL UNIQUE,
    created_at  BIGINT       NOT NULL
);

CREATE TABLE audit_events (
    id             INTEGER       PRIMARY KEY AUTOINCREMENT,
    at             BIGINT        NOT NULL,
    actor          VARCHAR(128)  NOT NULL,
    action         VARCHAR(128)  NOT NULL,
    target         VARCHAR(255),
    remote_address VARCHAR(128),
    outcome        VARCHAR(64)   NOT NULL
);
