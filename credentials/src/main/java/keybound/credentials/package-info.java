/**
 * Bank-side secrets, shared by the issuer and the logon service: {@link keybound.credentials.Secret}
 * (wipes itself, never prints), {@link keybound.credentials.SecretHasher} (salted Argon2id in PHC
 * form, constant-time verify, parameters per purpose via {@link keybound.credentials.HashParameters})
 * and {@link keybound.credentials.SecretGenerator}.
 */
package keybound.credentials;
