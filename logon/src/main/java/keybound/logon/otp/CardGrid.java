package keybound.logon.otp;

/** The shape of a customer card: rows × columns of printed digits. */
public record CardGrid(int rows, int columns) {

    /** Columns are lettered A..Z. */
    public static final int MAX_COLUMNS = 26;
    /** Rows are numbered 1..99. */
    public static final int MAX_ROWS = 99;

    public CardGrid {
        if (rows < 1 || rows > MAX_ROWS || columns < 1 || columns > MAX_COLUMNS) {
            throw new IllegalArgumentException("card grid must be 1..99 rows by 1..26 columns");
        }
    }

    public int cellCount() {
        return rows * columns;
    }

    public boolean contains(CardCell cell) {
        return cell.row() < rows && cell.column() < columns;
    }

    CardCell cellAt(int index) {
        return new CardCell(index / columns, index % columns);
    }
}
