package keybound.issuer.contract;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.List;
import javax.crypto.SecretKey;

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

    private final SealingCipher cipher;

    public CardSeal(SecretKey key) {
        this.cipher = new SealingCipher(key);
    }

    /** The sealed card as {@code rows:columns:base64(iv || ciphertext)}. */
    public String seal(ContractId contract, CustomerCard card) {
        char[] digits = card.digits();
        byte[] plain = toBytes(digits);
        try {
            return card.rows() + ":" + card.columns() + ":" + cipher.seal(plain, aad(contract, card.rows(), card.columns()));
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
                card.copyCell(cell, expected, p);
                p += CustomerCard.DIGITS_PER_CELL;
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
        byte[] plain = null;
        try {
            plain = cipher.open(parts[2], aad(contract, rows, columns));
            char[] digits = new char[plain.length];
            for (int i = 0; i < plain.length; i++) {
                digits[i] = (char) plain[i];
            }
            try {
                return new CustomerCard(rows, columns, digits);
            } finally {
                Arrays.fill(digits, '\0');
            }
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
