package keybound.logon.otp;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/** Names a few distinct random cells of a customer card for one logon. */
public final class CardChallenger {

    private final int cellsAsked;
    private final Duration lifetime;
    private final SecureRandom random;
    private final Clock clock;

    public CardChallenger(int cellsAsked, Duration lifetime, SecureRandom random, Clock clock) {
        if (cellsAsked < 1) {
            throw new IllegalArgumentException("ask for at least one cell");
        }
        this.cellsAsked = cellsAsked;
        this.lifetime = Objects.requireNonNull(lifetime, "lifetime");
        this.random = Objects.requireNonNull(random, "random");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public CardChallenge issue(CardGrid grid) {
        if (grid.cellCount() < cellsAsked) {
            throw new IllegalArgumentException("card has fewer cells than a challenge asks for");
        }
        BitSet taken = new BitSet(grid.cellCount());
        List<CardCell> cells = new ArrayList<>(cellsAsked);
        while (cells.size() < cellsAsked) {
            int index = random.nextInt(grid.cellCount());
            if (!taken.get(index)) {
                taken.set(index);
                cells.add(grid.cellAt(index));
            }
        }
        // Reading order is kinder to the person holding the card; the choice stays random.
        Collections.sort(cells);
        return new CardChallenge(cells, clock.instant().plus(lifetime));
    }
}
