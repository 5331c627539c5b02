-- Sessions keyed by the first 64 bits of their id (SessionId.orderKey: the millisecond of creation
-- and 22 random bits), so a new session's row is appended where the last one went instead of
-- rewriting a random page of a hash-keyed index (H2 writes every commit to its file: the session's
-- commit cost a quarter less in the server, see docs/benchmarks.md). The row keeps the id's
-- SHA-256 (bytes), checked on every lookup: a copy of this table opens nothing. No index beyond the key: the purge reads the whole
-- table either way (H2 cannot serve its OR from two indexes), and each index was one more page
-- rewritten per logon and per touch.
-- The old table is dropped with the sessions open at the upgrade: their holders log on again.
DROP TABLE logon_session;
CREATE TABLE logon_session (
    session_key    BIGINT       PRIMARY KEY,
    id_sha256      BYTEA        NOT NULL,
    account_kind   VARCHAR(16)  NOT NULL,
    contract_id    VARCHAR(20)  NOT NULL,
    user_id        VARCHAR(16),
    method         VARCHAR(20)  NOT NULL,
    certificate    VARCHAR(64),
    created_at     BIGINT       NOT NULL,
    last_seen_at   BIGINT       NOT NULL
);
