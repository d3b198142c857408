-- V9: secret variables of deployment groups, for their hooks (hoist secret set). A value is stored only
-- sealed (AES-256-GCM under the controller's secrets key, bound to its group and name): never in the clear.
CREATE TABLE group_secrets (
    group_id   VARCHAR(64)   NOT NULL REFERENCES deployment_groups (id),
    name       VARCHAR(128)  NOT NULL,
    sealed     VARCHAR(8000) NOT NULL, -- "v1:" + base64(nonce, ciphertext, tag)
    updated_at BIGINT        NOT NULL,
    PRIMARY KEY (group_id, name)
);
