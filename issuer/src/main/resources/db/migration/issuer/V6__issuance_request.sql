-- Idempotent acquisition: the client's request id, recorded with the certificate it was answered
-- with in the same transaction. A retry after a lost answer (same id, same key, right secrets)
-- gets that certificate again instead of a refusal; the primary key bars a second issuance.
CREATE TABLE issuance_request (
    request_id  VARCHAR(64) PRIMARY KEY,
    serial      VARCHAR(40) NOT NULL REFERENCES certificate (serial),
    received_at TIMESTAMP WITH TIME ZONE NOT NULL
);
