-- V4: create requests by idempotency key, so that a create retried after an error (a lost answer, a
-- commit that failed and was applied later) returns the deployment it made instead of making another.
CREATE TABLE deployment_requests (
    idempotency_key VARCHAR(200)  NOT NULL PRIMARY KEY,
    fingerprint     VARCHAR(64)   NOT NULL,   -- SHA-256 of the request and its creator, hex
    deployment_id   VARCHAR(64)   NOT NULL,
    created_at      BIGINT        NOT NULL
);
