package keybound.issuer.contract;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Seals customer cards for the registry with AES-256-GCM under the bank's card-sealing key, bound
 * to the contract ID (as associated data, so a sealed card cannot be moved to another contract).
 *
 * <p>Why sealed rather than hashed: a cell holds two digits, so a per-cell hash, however slow,
 * falls to 100 guesses. Sealing keeps the grid useless to whoever reads the database without the
 * key, which lives on the bank's token. The card is only ever unsealed inside {@link #matches},
 * which compares in constant time and wipes the grid, and {@link #resealed}, which seals it again
 * under the current key.
 */
public final class CardSeal {

    private final SealingCipher cipher;

    public CardSeal(SealingKeys keys) {
        this.cipher = new SealingCipher(keys);
    }

    /** The sealed card as {@code rows:columns:}{@link SealingCipher sealed value}. */
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

    /** The card sealed again under the current key, or empty when it is under that key already. */
    public Optional<String> resealed(String sealed, ContractId contract) {
        String[] parts = sealed.split(":", 3);
        if (!cipher.needsReseal(parts[2])) {
            return Optional.empty();
        }
        byte[] aad = aad(contract, Integer.parseInt(parts[0]), Integer.parseInt(parts[1]));
        byte[] plain = cipher.open(parts[2], aad);
        try {
            return Optional.of(parts[0] + ":" + parts[1] + ":" + cipher.seal(plain, aad));
        } finally {
            Arrays.fill(plain, (byte) 0);
        }
    }

    /** The label of the key that sealed the card. */
    public static String version(String sealed) {
        return SealingCipher.version(sealed.split(":", 3)[2]);
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
        // Wipe the whole capacity: the encoder may have allocated more than it wrote.
        buffer.clear();
        while (buffer.hasRemaining()) {
            buffer.put((byte) 0);
        }
        return out;
    }
}
