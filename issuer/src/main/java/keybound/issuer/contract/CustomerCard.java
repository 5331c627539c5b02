package keybound.issuer.contract;

import java.util.Arrays;
import java.util.Objects;

/**
 * The printed customer card (お客様カード): a grid of cells, each {@link #DIGITS_PER_CELL} random
 * digits. The logon service asks for a few cells as a one-time password. Handed out once at
 * contract opening; the registry keeps it only sealed (see {@link CardSeal}). Never prints its digits.
 */
public final class CustomerCard implements AutoCloseable {

    public static final int DIGITS_PER_CELL = 2;

    private final int rows;
    private final int columns;
    private final char[] digits;

    public CustomerCard(int rows, int columns, char[] digits) {
        if (rows < 1 || columns < 1 || digits.length != rows * columns * DIGITS_PER_CELL) {
            throw new IllegalArgumentException("card grid size does not match its digits");
        }
        this.rows = rows;
        this.columns = columns;
        this.digits = digits.clone();
    }

    public int rows() {
        return rows;
    }

    public int columns() {
        return columns;
    }

    /** The digits of one cell. */
    public String cell(CardCell cell) {
        return new String(digits, start(cell), DIGITS_PER_CELL);
    }

    /** Copies the digits of {@code cell} into {@code target} at {@code offset}: no String, for checking an answer. */
    public void copyCell(CardCell cell, char[] target, int offset) {
        System.arraycopy(digits, start(cell), target, offset, DIGITS_PER_CELL);
    }

    private int start(CardCell cell) {
        Objects.requireNonNull(cell, "cell");
        if (cell.row() >= rows || cell.column() >= columns) {
            throw new IllegalArgumentException("card cell out of range");
        }
        return (cell.row() * columns + cell.column()) * DIGITS_PER_CELL;
    }

    /** All digits, row by row (for sealing and printing). */
    public char[] digits() {
        return digits.clone();
    }

    @Override
    public void close() {
        Arrays.fill(digits, '\0');
    }

    @Override
    public String toString() {
        return "CustomerCard[" + rows + "x" + columns + ", ****]";
    }
}
