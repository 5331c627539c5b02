package keybound.issuer.contract;

import keybound.token.Secret;

/**
 * A freshly enrolled TOTP seed (160 bits, RFC 6238 with HMAC-SHA1, 6 digits, 30 s), handed out
 * once: as base32 for typing into an authenticator app, and as an {@code otpauth://} URI for a QR
 * code. The URI holds the seed, so it is a {@link Secret} too; close this to wipe both.
 */
public record TotpEnrolment(ContractId contract, Secret base32Seed, Secret otpauthUri) implements AutoCloseable {

    public static final int DIGITS = 6;
    public static final int PERIOD_SECONDS = 30;
    public static final String ALGORITHM = "SHA1";

    @Override
    public void close() {
        base32Seed.close();
        otpauthUri.close();
    }

    @Override
    public String toString() {
        return "TotpEnrolment[" + contract + ", seed hidden]";
    }
}
