-- Logon sessions in the issuer's database, so they survive a restart and are shared by every
-- server instance. The session id is stored only as its SHA-256: a copy of this table opens nothing.
CREATE TABLE logon_session (
    id_sha256      VARCHAR(64)  PRIMARY KEY,
    account_kind   VARCHAR(16)  NOT NULL,
    contract_id    VARCHAR(20)  NOT NULL,
    user_id        VARCHAR(16),
    method         VARCHAR(20)  NOT NULL,
    certificate    VARCHAR(64),
    created_at     BIGINT       NOT NULL,
    last_seen_at   BIGINT       NOT NULL
);
