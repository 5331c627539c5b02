package keybound.logon.otp;

/**
 * One cell of the customer card's grid, 0-based. Shown to people as column letter then row
 * number, e.g. row 3, column 2 is "C4".
 */
public record CardCell(int row, int column) implements Comparable<CardCell> {

    public CardCell {
        if (row < 0 || column < 0 || column >= CardGrid.MAX_COLUMNS) {
            throw new IllegalArgumentException("cell outside any card");
        }
    }

    /** The label printed on the card: column letter, then 1-based row number. */
    public String label() {
        return (char) ('A' + column) + Integer.toString(row + 1);
    }

    /** Parses a label such as "C4". */
    public static CardCell parse(String label) {
        if (label == null || !label.matches("[A-Z][1-9][0-9]?")) {
            throw new IllegalArgumentException("not a card cell label");
        }
        return new CardCell(Integer.parseInt(label.substring(1)) - 1, label.charAt(0) - 'A');
    }

    @Override
    public int compareTo(CardCell other) {
        return row != other.row ? Integer.compare(row, other.row) : Integer.compare(column, other.column);
    }
}
