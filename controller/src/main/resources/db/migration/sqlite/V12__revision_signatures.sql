-- Release safety: a revision's Ed25519 signature (hoist push --sign-key, hoist revision sign), sent to agents
-- with every deploy command; agents with trusted keys run only revisions one of their keys signed
-- (docs/security.md). The controller keeps it and the signing key's id; it does not decide trust.

-- Base64 of the 64-byte signature over the application name and the bundle's SHA-256; null: unsigned.
ALTER TABLE revisions ADD COLUMN signature VARCHAR(128);
-- The id of the key that made it (ed25519: and 32 hex digits), as checked when it was added.
ALTER TABLE revisions ADD COLUMN signing_key VARCHAR(64);
