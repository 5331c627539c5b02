package keybound.cli.station;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The label of a re-keyed key: one renewal suffix, never the old label, and within a card's 32 bytes. */
class RekeyLabelTest {

    @Test
    void aRenewedLabelReplacesTheEarlierSuffixInsteadOfGrowing() {
        assertEquals("bank-logon-00042", RekeyCommands.newLabel("bank-logon", 1_700_000_000_042L));
        assertEquals("bank-logon-12345", RekeyCommands.newLabel("bank-logon-67890", 1_700_000_012_345L));
    }

    @Test
    void theNewLabelDiffersFromTheOldOneAtTheSameSuffix() {
        assertEquals("bank-logon-12346", RekeyCommands.newLabel("bank-logon-12345", 1_700_000_012_345L));
    }

    @Test
    void aLongLabelIsShortenedToFitACard() {
        assertEquals("abcdefghijklmnopqrstuvwxyz-00007", RekeyCommands.newLabel("abcdefghijklmnopqrstuvwxyz012345", 7L));
        String japanese = RekeyCommands.newLabel("ログオン用の鍵ログオン用の鍵", 7L);
        assertTrue(japanese.getBytes(StandardCharsets.UTF_8).length <= 32 && japanese.endsWith("-00007"), japanese);
    }
}
