package keybound.logon.otp;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import keybound.logon.Expiring;

/**
 * The cells of the customer card an administrator must read out at this logon, in the order the
 * digits are to be typed. Used once: it lives inside one pending logon, which is consumed by its
 * first answer.
 */
public record CardChallenge(List<CardCell> cells, Instant expiresAt) implements Expiring {

    public CardChallenge {
        cells = List.copyOf(cells);
        Objects.requireNonNull(expiresAt, "expiresAt");
        if (cells.isEmpty()) {
            throw new IllegalArgumentException("a card challenge names at least one cell");
        }
    }

    /** The cells' labels, e.g. ["B2", "F7"]. */
    public List<String> labels() {
        return cells.stream().map(CardCell::label).toList();
    }
}
