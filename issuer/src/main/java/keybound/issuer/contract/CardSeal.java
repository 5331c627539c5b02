package keybound.issuer.contract;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * Seals customer cards for the registry with AES-256-GCM under the bank's card-sealing key, bound
 * to the contract ID (as associated data, so a sealed card cannot be moved to another contract).
 *
 * <p>Why sealed rather than hashed: a cell holds two digits, so a per-cell hash, however slow,
 * falls to 100 guesses. Sealing keeps the grid useless to whoever reads the database without the
 * key, which lives outside it (issuer configuration). The card is only ever unsealed inside
 * {@link #matches}, which compares in constant time and wipes the grid.
 */
public final class CardSeal {

    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final SecretKey key;
    private final SecureRandom random = new SecureRandom();

    public CardSeal(SecretKey key) {
        this.key = Objects.requireNonNull(key, "card sealing key");
        if (!"AES".equalsIgnoreCase(key.getAlgorithm())) {
            throw new IllegalArgumentException("the card sealing key must be an AES key");
        }
    }

    /** The sealed card as {@code rows:columns:base64(iv || ciphertext)}. */
    public String seal(ContractId contract, CustomerCard card) {
        byte[] iv = new byte[IV_BYTES];
        random.nextBytes(iv);
        char[] digits = card.digits();
        byte[] plain = toBytes(digits);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, iv));
            cipher.updateAAD(aad(contract, card.rows(), card.columns()));
            byte[] sealed = cipher.doFinal(plain);
            byte[] out = ByteBuffer.allocate(iv.length + sealed.length).put(iv).put(sealed).array();
            return card.rows() + ":" + card.columns() + ":" + Base64.getEncoder().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot seal the customer card", e);
        } finally {
            Arrays.fill(digits, '\0');
            Arrays.fill(plain, (byte) 0);
        }
    }

    /**
     * Whether {@code answer} is the concatenated digits of {@code cells}, in order, on the sealed card.
     *
     * @throws IllegalArgumentException a cell lies outside the card, or the seal does not open
     *                                  (wrong key or another contract's card)
     */
    public boolean matches(String sealed, ContractId contract, List<CardCell> cells, char[] answer) {
        try (CustomerCard card = unseal(sealed, contract)) {
            char[] expected = new char[cells.size() * CustomerCard.DIGITS_PER_CELL];
            int p = 0;
            for (CardCell cell : cells) {
                for (char c : card.cell(cell).toCharArray()) {
                    expected[p++] = c;
                }
            }
            byte[] a = toBytes(expected);
            byte[] b = toBytes(answer);
            try {
                return !cells.isEmpty() && MessageDigest.isEqual(a, b);
            } finally {
                Arrays.fill(expected, '\0');
                Arrays.fill(a, (byte) 0);
                Arrays.fill(b, (byte) 0);
            }
        }
    }

    /** The grid's size, readable without the key (for choosing challenge cells). */
    public static int[] dimensions(String sealed) {
        String[] parts = sealed.split(":", 3);
        return new int[] {Integer.parseInt(parts[0]), Integer.parseInt(parts[1])};
    }

    private CustomerCard unseal(String sealed, ContractId contract) {
        String[] parts = sealed.split(":", 3);
        int rows = Integer.parseInt(parts[0]);
        int columns = Integer.parseInt(parts[1]);
        byte[] all = Base64.getDecoder().decode(parts[2]);
        byte[] plain = null;
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, all, 0, IV_BYTES));
            cipher.updateAAD(aad(contract, rows, columns));
            plain = cipher.doFinal(all, IV_BYTES, all.length - IV_BYTES);
            char[] digits = new char[plain.length];
            for (int i = 0; i < plain.length; i++) {
                digits[i] = (char) plain[i];
            }
            try {
                return new CustomerCard(rows, columns, digits);
            } finally {
                Arrays.fill(digits, '\0');
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("the sealed customer card does not open with this key and contract", e);
        } finally {
            if (plain != null) {
                Arrays.fill(plain, (byte) 0);
            }
        }
    }

    private static byte[] aad(ContractId contract, int rows, int columns) {
        return ("keybound-card-v1|" + contract.value() + "|" + rows + "x" + columns).getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] toBytes(char[] chars) {
        ByteBuffer buffer = StandardCharsets.US_ASCII.encode(CharBuffer.wrap(chars));
        byte[] out = new byte[buffer.remaining()];
        buffer.get(out);
        Arrays.fill(buffer.array(), (byte) 0);
        return out;
    }
}
