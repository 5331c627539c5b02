package keybound.issuer.contract;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Optional;
import keybound.token.Secret;

/**
 * Creates and seals administrators' TOTP seeds. A TOTP check needs the seed in clear, so it is
 * sealed (AES-GCM under the bank's sealing key on its token, bound to the contract ID), not hashed.
 */
public final class TotpSeal {

    /** RFC 4226 recommends 160 bits, the HMAC-SHA1 block's natural key size. */
    public static final int SEED_BYTES = 20;

    private final SealingCipher cipher;
    private final SecureRandom random = new SecureRandom();

    public TotpSeal(SealingKeys keys) {
        this.cipher = new SealingCipher(keys);
    }

    /** A new seed, sealed for {@code contract}, and its one clear copy for the administrator. */
    public Sealed create(ContractId contract, String issuerName) {
        byte[] seed = new byte[SEED_BYTES];
        random.nextBytes(seed);
        char[] base32 = Base32.encode(seed);
        try {
            String sealed = cipher.seal(seed, aad(contract));
            return new Sealed(sealed, new TotpEnrolment(contract, Secret.of(base32), otpauthUri(contract, issuerName, base32)));
        } finally {
            Arrays.fill(seed, (byte) 0);
            Secret.wipe(base32);
        }
    }

    /** The seed in clear, for the logon check only; the caller wipes it. */
    public byte[] open(String sealed, ContractId contract) {
        return cipher.open(sealed, aad(contract));
    }

    /** The seed sealed again under the current key, or empty when it is under that key already. */
    public Optional<String> resealed(String sealed, ContractId contract) {
        if (!cipher.needsReseal(sealed)) {
            return Optional.empty();
        }
        byte[] seed = open(sealed, contract);
        try {
            return Optional.of(cipher.seal(seed, aad(contract)));
        } finally {
            Arrays.fill(seed, (byte) 0);
        }
    }

    /** A sealed seed for the registry and the enrolment to hand out. */
    public record Sealed(String sealed, TotpEnrolment enrolment) {
    }

    private static Secret otpauthUri(ContractId contract, String issuerName, char[] base32) {
        String issuer = URLEncoder.encode(issuerName, StandardCharsets.UTF_8).replace("+", "%20");
        String head = "otpauth://totp/" + issuer + ":" + contract.value() + "?secret=";
        String tail = "&issuer=" + issuer + "&algorithm=" + TotpEnrolment.ALGORITHM + "&digits=" + TotpEnrolment.DIGITS
                + "&period=" + TotpEnrolment.PERIOD_SECONDS;
        char[] uri = new char[head.length() + base32.length + tail.length()];
        head.getChars(0, head.length(), uri, 0);
        System.arraycopy(base32, 0, uri, head.length(), base32.length);
        tail.getChars(0, tail.length(), uri, head.length() + base32.length);
        try {
            return Secret.of(uri);
        } finally {
            Secret.wipe(uri);
        }
    }

    private static byte[] aad(ContractId contract) {
        return ("keybound-totp-v1|" + contract.value()).getBytes(StandardCharsets.US_ASCII);
    }
}
