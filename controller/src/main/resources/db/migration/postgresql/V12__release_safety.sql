-- Release safety: a revision's Ed25519 signature (hoist push --sign-key, hoist revision sign), sent to agents
-- with every deploy command; agents with trusted keys run only revisions one of their keys signed
-- (docs/security.md). The controller keeps it and the signing key's id; it does not decide trust.

-- Base64 of the 64-byte signature over the application name and the bundle's SHA-256; null: unsigned.
ALTER TABLE revisions ADD COLUMN signature VARCHAR(128);
-- The id of the key that made it (ed25519: and 32 hex digits), as checked when it was added.
ALTER TABLE revisions ADD COLUMN signing_key VARCHAR(64);

-- Freeze windows (hoist freeze): deployments that would start inside one are refused (DEPLOYMENT_FROZEN)
-- unless an admin overrides; rollbacks and stops never are. A window is one-off (starts_at to ends_at) or
-- weekly (weekly_from to weekly_to, e.g. 'FRIDAY 16:00' to 'MONDAY 08:00', in time_zone).
CREATE TABLE freeze_windows (
    id          VARCHAR(64)   NOT NULL PRIMARY KEY,
    application VARCHAR(128),          -- null: every application
    group_name  VARCHAR(128),          -- null: every group of the application (or of all)
    starts_at   BIGINT,
    ends_at     BIGINT,
    weekly_from VARCHAR(16),
    weekly_to   VARCHAR(16),
    time_zone   VARCHAR(64),
    reason      VARCHAR(1000),
    created_by  VARCHAR(128)  NOT NULL,
    created_at  BIGINT        NOT NULL
);
