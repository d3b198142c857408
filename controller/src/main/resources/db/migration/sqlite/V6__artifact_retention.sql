-- V6: lookups for artifact retention (hoist revision prune): which revisions share a blob, which deployments
-- and which hosts refer to a revision.
CREATE INDEX revisions_by_sha256 ON revisions (sha256);
CREATE INDEX deployments_by_revision ON deployments (revision_id);
CREATE INDEX group_hosts_by_revision ON group_hosts (revision_id);
