/**
 * Bank-side secrets, shared by the issuer and the logon service: {@link keybound.credentials.SecretHasher}
 * (salted Argon2id in PHC form, constant-time verify, parameters per purpose via
 * {@link keybound.credentials.HashParameters}) and {@link keybound.credentials.SecretGenerator}. The
 * secrets themselves are {@link keybound.token.Secret}s, the one type for token PINs and bank secrets.
 */
package keybound.credentials;
