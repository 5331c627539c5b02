/**
 * The bank's issuer: the CA behind the Token API and the manual's enrollment rules, on its own
 * registry (H2 file by default, PostgreSQL by JDBC URL).
 *
 * <p>Entry points: {@link keybound.issuer.Issuer} (acquisitions, renewal/migration through one
 * ordered list of issuance rules, and the owners of the rest: user administration, TOTP, the
 * registry's read side, revocation with CRL and OCSP),
 * {@link keybound.issuer.BackOffice} (banks, contracts, unlock, close) and
 * {@link keybound.issuer.SecretChecks} (account secrets and card OTPs with lockout, shared with
 * the logon service). Every refusal is a subclass of {@link keybound.issuer.refusal.IssuerException}.
 */
package keybound.issuer;

import keybound.issuer.refusal.IssuerException;
