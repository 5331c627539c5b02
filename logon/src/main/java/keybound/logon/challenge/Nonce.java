package keybound.logon.challenge;

import java.security.SecureRandom;
import java.util.Base64;
import keybound.logon.RandomToken;

/** A challenge's single-use random value: 256 bits, carried as base64url text. */
public record Nonce(String value) {

    public Nonce {
        if (!RandomToken.wellFormed(value)) {
            throw new IllegalArgumentException("not a nonce");
        }
    }

    public static Nonce random(SecureRandom random) {
        return new Nonce(RandomToken.next(random));
    }

    /** The raw bytes the client signs. */
    public byte[] bytes() {
        return Base64.getUrlDecoder().decode(value);
    }
}
