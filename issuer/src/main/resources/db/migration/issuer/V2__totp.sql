-- An administrator's TOTP seed (RFC 6238), sealed with AES-GCM like the customer card, and the
-- last time step accepted: moved only forward by one conditional UPDATE, so a code is never
-- accepted twice, whichever server instance checks it and across restarts.
ALTER TABLE contract ADD COLUMN totp_sealed VARCHAR(200);
ALTER TABLE contract ADD COLUMN totp_last_step BIGINT;
