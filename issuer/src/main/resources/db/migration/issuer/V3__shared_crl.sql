-- One CRL for every node on this database. Each revocation bumps ca_counter.revocations in its own
-- transaction; the CRL every node serves is the one row of crl_current, replaced (under the
-- ca_counter row lock, with the next crl_number) when a revocation came after it or it grew old.
-- So a revocation through one node is in every node's next CRL download, and numbers only go up.
ALTER TABLE ca_counter ADD COLUMN revocations BIGINT NOT NULL DEFAULT 0;

CREATE TABLE crl_current (
    id          INTEGER PRIMARY KEY,
    crl_number  BIGINT  NOT NULL,
    revocations BIGINT  NOT NULL,
    this_update TIMESTAMP WITH TIME ZONE NOT NULL,
    next_update TIMESTAMP WITH TIME ZONE NOT NULL,
    der_base64  TEXT    NOT NULL
);
