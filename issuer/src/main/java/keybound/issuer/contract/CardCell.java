package keybound.issuer.contract;

/** One cell of the customer card's grid, by zero-based row and column. */
public record CardCell(int row, int column) {
    public CardCell {
        if (row < 0 || column < 0) {
            throw new IllegalArgumentException("card cell out of range");
        }
    }
}
