package keybound.bankapi.client;

/**
 * Signs a logon challenge's bytes with the token key of the certificate the client presents
 * (SHA256withECDSA for EC keys in DER, SHA256withRSA for RSA keys), e.g. through
 * {@code TokenSession.sign}. The key never leaves the token; only the signature comes back.
 */
@FunctionalInterface
public interface ChallengeSigner {
    byte[] sign(byte[] toBeSigned);
}
