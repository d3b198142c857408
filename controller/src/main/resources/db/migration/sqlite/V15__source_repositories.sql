-- Source repositories (docs/sources.md): git repositories the controller hosts, served at /git/NAME.git, and
-- external sources it mirrors. Either way the bare repository is <dataDir>/git/NAME.git; this table holds
-- what git does not: the kind, the remote, the polling, and the sealed secrets.
CREATE TABLE source_repositories (
    name             VARCHAR(64)   NOT NULL PRIMARY KEY,
    kind             VARCHAR(16)   NOT NULL,   -- hosted | external
    description      VARCHAR(1000),
    url              VARCHAR(2048),            -- external: the remote fetched from; hosted: null
    poll_seconds     INTEGER,                  -- external: 0 polls never (webhook or fetch only)
    webhook_secret   VARCHAR(1024),            -- sealed (AES-GCM, the secrets key); null: no webhook
    credentials      VARCHAR(4096),            -- sealed username and password; null: none
    created_by       VARCHAR(128)  NOT NULL,
    created_at       BIGINT        NOT NULL,
    last_fetch_at    BIGINT,
    last_fetch_error VARCHAR(2000)
);
