-- V13: several controllers on one database (docs/operations.md, "Several controllers").
-- Times are BIGINT epoch milliseconds (UTC), as everywhere in the schema.

-- Every controller that runs on this database, one row each, its heartbeat renewed while it runs.
-- A row whose heartbeat is older than the liveness timeout belongs to a controller that is gone.
CREATE TABLE controllers (
    id           VARCHAR(64)  NOT NULL PRIMARY KEY,
    address      VARCHAR(255) NOT NULL, -- the gateway address agents are told to use
    started_at   BIGINT       NOT NULL,
    heartbeat_at BIGINT       NOT NULL
);

-- The certificate authority every controller signs and verifies with, when pki.keyEncryptionKeyFile is
-- set: one row. The key is PKCS#8, sealed with AES-256-GCM under the key-encryption key, which is never
-- stored here.
CREATE TABLE certificate_authority (
    id          VARCHAR(16)   NOT NULL PRIMARY KEY, -- 'signing'
    certificate VARCHAR(8000) NOT NULL,             -- PEM
    sealed_key  VARCHAR(4000) NOT NULL,             -- v1: base64 of nonce, ciphertext and tag
    created_at  BIGINT        NOT NULL
);
