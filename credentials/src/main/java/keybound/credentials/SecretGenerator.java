package keybound.credentials;

import java.security.SecureRandom;
import keybound.token.Secret;

/** Random digit strings for generated secrets (contract IDs, initial PINs, card cells). */
public final class SecretGenerator {

    private final SecureRandom random;

    public SecretGenerator(SecureRandom random) {
        this.random = random;
    }

    public SecretGenerator() {
        this(new SecureRandom());
    }

    /** {@code length} uniformly random decimal digits. */
    public Secret digits(int length) {
        char[] chars = new char[length];
        try {
            for (int i = 0; i < length; i++) {
                chars[i] = (char) ('0' + random.nextInt(10));
            }
            return Secret.of(chars);
        } finally {
            Secret.wipe(chars);
        }
    }

    /** {@code length} uniformly random decimal digits for an identifier that is not secret (a contract ID, A). */
    public String identifier(int length) {
        StringBuilder digits = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            digits.append((char) ('0' + random.nextInt(10)));
        }
        return digits.toString();
    }

    /** {@code length} random characters from a set without look-alikes (no 0/O, 1/l/I). */
    public Secret password(int length) {
        String alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789";
        char[] chars = new char[length];
        try {
            for (int i = 0; i < length; i++) {
                chars[i] = alphabet.charAt(random.nextInt(alphabet.length()));
            }
            return Secret.of(chars);
        } finally {
            Secret.wipe(chars);
        }
    }
}
