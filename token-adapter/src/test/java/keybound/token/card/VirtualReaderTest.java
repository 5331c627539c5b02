package keybound.token.card;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import javax.smartcardio.CardTerminal;
import keybound.cardsim.SimulatedCard;
import keybound.testkit.pcsc.Pcscd;
import keybound.testkit.pcsc.VirtualReader;
import org.junit.jupiter.api.Test;

/** The PC/SC fixture: one pcscd for the machine, cards inserted one at a time and always taken out. */
class VirtualReaderTest {

    @Test
    void aCardIsTakenOutEvenWhenTheTestUsingItFails() throws Exception {
        SimulatedCard first = SimulatedCard.personalised(CardFixture.MANUFACTURER);
        CardTerminal[] seen = new CardTerminal[1];
        assertThrows(IllegalStateException.class, () -> {
            try (VirtualReader reader = VirtualReader.insert(first.simulator())) {
                seen[0] = reader.terminal();
                assertTrue(reader.terminal().isCardPresent());
                throw new IllegalStateException("the test fails here");
            }
        });
        assertFalse(seen[0].isCardPresent());

        SimulatedCard second = SimulatedCard.personalised(CardFixture.MANUFACTURER);
        try (VirtualReader reader = VirtualReader.insert(second.simulator());
             var fixture = CardFixture.through(second, CardTokenSource.pcsc())) {
            assertTrue(reader.terminal().isCardPresent());
            assertEquals(second.serial(), fixture.token().info().serial());
        }
    }

    @Test
    void onePcscdServesEveryUse() {
        Pcscd.ensureRunning();
        Pcscd.ensureRunning();
        long daemons = ProcessHandle.allProcesses()
                .filter(p -> p.info().command().map(c -> c.endsWith("/pcscd")).orElse(false)).count();
        assertEquals(1, daemons);
    }
}
