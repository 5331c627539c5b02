-- keybound issuer registry. Portable SQL: runs unchanged on H2 2.x and PostgreSQL 15.
-- Times are TIMESTAMP WITH TIME ZONE in UTC; binary values are stored as text (base64 / hex).

CREATE TABLE bank (
    code               CHAR(4)      PRIMARY KEY,
    name               VARCHAR(200) NOT NULL,
    attestation_policy VARCHAR(16)  NOT NULL
);

CREATE TABLE contract (
    contract_id                VARCHAR(20)  PRIMARY KEY,
    bank_code                  CHAR(4)      NOT NULL REFERENCES bank (code),
    status                     VARCHAR(16)  NOT NULL,
    application_date           TIMESTAMP WITH TIME ZONE NOT NULL,
    confirmation_password_hash VARCHAR(512) NOT NULL,
    contract_pin_hash          VARCHAR(512) NOT NULL,
    confirmation_pin_hash      VARCHAR(512) NOT NULL,
    card_sealed                VARCHAR(2000) NOT NULL,
    failures                   INTEGER      NOT NULL DEFAULT 0,
    closed_at                  TIMESTAMP WITH TIME ZONE
);

CREATE TABLE contract_user (
    contract_id                VARCHAR(20)  NOT NULL REFERENCES contract (contract_id),
    user_id                    VARCHAR(16)  NOT NULL,
    status                     VARCHAR(16)  NOT NULL,
    user_pin_hash              VARCHAR(512) NOT NULL,
    user_confirmation_pin_hash VARCHAR(512) NOT NULL,
    failures                   INTEGER      NOT NULL DEFAULT 0,
    authorisation_expires      TIMESTAMP WITH TIME ZONE,
    PRIMARY KEY (contract_id, user_id)
);

CREATE TABLE certificate (
    serial             VARCHAR(40)   PRIMARY KEY,
    contract_id        VARCHAR(20)   NOT NULL REFERENCES contract (contract_id),
    user_id            VARCHAR(16),
    role               VARCHAR(16)   NOT NULL,
    subject            VARCHAR(300)  NOT NULL,
    common_name        VARCHAR(64)   NOT NULL,
    public_key_sha256  CHAR(64)      NOT NULL,
    token_kind         VARCHAR(16),
    token_model        VARCHAR(64),
    token_serial       VARCHAR(64),
    attestation        VARCHAR(16)   NOT NULL,
    attestation_card   VARCHAR(64),
    not_before         TIMESTAMP WITH TIME ZONE NOT NULL,
    not_after          TIMESTAMP WITH TIME ZONE NOT NULL,
    issued_at          TIMESTAMP WITH TIME ZONE NOT NULL,
    status             VARCHAR(16)   NOT NULL,
    revocation_reason  VARCHAR(32),
    revoked_at         TIMESTAMP WITH TIME ZONE,
    replaced_by        VARCHAR(40)   REFERENCES certificate (serial),
    der_base64         VARCHAR(8000) NOT NULL
);
CREATE INDEX certificate_holder ON certificate (contract_id, role, user_id, status);
CREATE INDEX certificate_expiry ON certificate (status, not_after);

-- One row: the CRL number, taken with a row lock so two CRLs never share one.
CREATE TABLE ca_counter (
    id         INTEGER PRIMARY KEY,
    crl_number BIGINT  NOT NULL
);
INSERT INTO ca_counter (id, crl_number) VALUES (1, 0);

-- The audit chain: entry n carries the hash of entry n-1; audit_head is locked by each writer
-- so appends are serialised and the chain stays linear under concurrency.
CREATE TABLE audit_entry (
    seq           BIGINT        PRIMARY KEY,
    at            TIMESTAMP WITH TIME ZONE NOT NULL,
    event         VARCHAR(32)   NOT NULL,
    subject       VARCHAR(100)  NOT NULL,
    detail        VARCHAR(1000) NOT NULL,
    previous_hash CHAR(64)      NOT NULL,
    entry_hash    CHAR(64)      NOT NULL
);
CREATE TABLE audit_head (
    id         INTEGER  PRIMARY KEY,
    seq        BIGINT   NOT NULL,
    entry_hash CHAR(64) NOT NULL
);
INSERT INTO audit_head (id, seq, entry_hash) VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');
