package keybound.logon.otp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import keybound.testkit.clock.MutableClock;
import org.junit.jupiter.api.Test;

class CardChallengerTest {

    private final MutableClock clock = MutableClock.atNow();

    @Test
    void namesDistinctCellsInsideTheGridInReadingOrderWithAnExpiry() {
        CardGrid grid = new CardGrid(3, 4);
        var challenger = new CardChallenger(3, Duration.ofMinutes(3), new SecureRandom(), clock);
        Set<CardCell> everChosen = new HashSet<>();
        for (int i = 0; i < 500; i++) {
            CardChallenge challenge = challenger.issue(grid);
            assertEquals(3, challenge.cells().size());
            assertEquals(3, new HashSet<>(challenge.cells()).size(), "distinct");
            assertTrue(challenge.cells().stream().allMatch(grid::contains));
            assertEquals(challenge.cells().stream().sorted().toList(), challenge.cells());
            assertEquals(clock.instant().plus(Duration.ofMinutes(3)), challenge.expiresAt());
            everChosen.addAll(challenge.cells());
        }
        // 500 draws of 3 from 12 cells: every cell turns up unless the choice is badly skewed.
        assertEquals(grid.cellCount(), everChosen.size());
    }

    @Test
    void refusesToAskForMoreCellsThanTheCardHas() {
        var challenger = new CardChallenger(3, Duration.ofMinutes(3), new SecureRandom(), clock);
        assertThrows(IllegalArgumentException.class, () -> challenger.issue(new CardGrid(1, 2)));
    }

    @Test
    void labelsReadColumnLetterThenRowNumber() {
        assertEquals("C4", new CardCell(3, 2).label());
        assertEquals(new CardCell(3, 2), CardCell.parse("C4"));
        assertEquals(new CardCell(11, 25), CardCell.parse("Z12"));
        assertThrows(IllegalArgumentException.class, () -> CardCell.parse("c4"));
        assertThrows(IllegalArgumentException.class, () -> CardCell.parse("A0"));
    }
}
