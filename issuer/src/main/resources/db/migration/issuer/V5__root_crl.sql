-- The root CA's CRL (it covers the issuing CA), numbered and shared like the issuing CA's: its
-- counter is ca_counter row 2 and its latest CRL crl_current row 2. Row 1 stays the issuing CA's.
INSERT INTO ca_counter (id, crl_number, revocations) VALUES (2, 0, 0);
