-- Outstanding logon challenges and pending logons (the second step, with its customer-card
-- cells) in the issuer's database, so a logon in progress survives a restart and any instance
-- can finish it. Both are single-use bearer values: only the SHA-256 of the nonce or attempt id
-- is stored, and a row is consumed by deleting it. expires_at is epoch milliseconds; the
-- indexes serve the scheduled purge.
CREATE TABLE logon_challenge (
    nonce_sha256   VARCHAR(64)   PRIMARY KEY,
    origin         VARCHAR(1024) NOT NULL,
    expires_at     BIGINT        NOT NULL
);
CREATE INDEX logon_challenge_expiry ON logon_challenge (expires_at);

CREATE TABLE logon_attempt (
    attempt_sha256  VARCHAR(64)  PRIMARY KEY,
    account_kind    VARCHAR(16)  NOT NULL,
    contract_id     VARCHAR(20)  NOT NULL,
    user_id         VARCHAR(16),
    method          VARCHAR(20)  NOT NULL,
    certificate     VARCHAR(64),
    card_cells      VARCHAR(64),
    card_expires_at BIGINT,
    totp_accepted   BOOLEAN      NOT NULL,
    expires_at      BIGINT       NOT NULL
);
CREATE INDEX logon_attempt_expiry ON logon_attempt (expires_at);

CREATE INDEX logon_session_last_seen ON logon_session (last_seen_at);
CREATE INDEX logon_session_created ON logon_session (created_at);
