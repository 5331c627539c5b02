package keybound.logon.otp;

import java.util.Arrays;
import java.util.Objects;

/** An administrator's TOTP shared secret. Never printed; {@link #wipe()} when done. */
public final class TotpKey {

    private final byte[] secret;
    private final TotpAlgorithm algorithm;

    public TotpKey(byte[] secret, TotpAlgorithm algorithm) {
        Objects.requireNonNull(secret, "secret");
        if (secret.length < 16) {
            throw new IllegalArgumentException("a TOTP key needs at least 128 bits");
        }
        this.secret = secret.clone();
        this.algorithm = Objects.requireNonNull(algorithm, "algorithm");
    }

    public TotpAlgorithm algorithm() {
        return algorithm;
    }

    byte[] secret() {
        return secret;
    }

    public void wipe() {
        Arrays.fill(secret, (byte) 0);
    }

    @Override
    public String toString() {
        return "TotpKey[" + algorithm + ", secret hidden]";
    }
}
