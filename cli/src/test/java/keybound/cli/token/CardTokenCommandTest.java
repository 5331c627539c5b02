package keybound.cli.token;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import keybound.cli.CliRun;
import keybound.cli.ExitCode;
import keybound.cli.card.SimulatedCardReader;
import org.junit.jupiter.api.Test;

/** {@code keybound token ... --card}: our applet in jcardsim, through javax.smartcardio like a reader. */
class CardTokenCommandTest {

    @Test
    void theSimulatedCardIsListedAndItsPinChangedBlockedAndUnblocked() {
        String serial = SimulatedCardReader.shared().serial();
        CliRun listed = CliRun.run(Map.of(), "token", "list", "--card", "sim").expect(ExitCode.OK);
        assertTrue(listed.out().contains(serial) && listed.out().contains("PIN ok"), listed.out());

        CliRun.run(Map.of("KEYBOUND_TOKEN_PIN", SimulatedCardReader.PIN), "token", "info", "--card", "sim", "--credentials")
                .expect(ExitCode.OK);
        CliRun.run(Map.of("KEYBOUND_TOKEN_PIN", SimulatedCardReader.PIN, "KEYBOUND_NEW_TOKEN_PIN", "654321"),
                "token", "change-pin", "--card", "sim", "--serial", serial).expect(ExitCode.OK);

        CliRun wrong = CliRun.run(Map.of("KEYBOUND_TOKEN_PIN", SimulatedCardReader.PIN), "token", "info", "--card", "sim",
                "--credentials").expectOneLineFailure(ExitCode.WRONG_SECRET);
        assertTrue(wrong.err().contains("tries left"), wrong.err());
        assertFalse(wrong.err().contains(SimulatedCardReader.PIN));

        CliRun.run(Map.of("KEYBOUND_SO_PIN", SimulatedCardReader.PUK, "KEYBOUND_NEW_TOKEN_PIN", SimulatedCardReader.PIN),
                "token", "unblock", "--card", "sim").expect(ExitCode.OK);
        CliRun.run(Map.of("KEYBOUND_TOKEN_PIN", SimulatedCardReader.PIN), "token", "info", "--card", "sim", "--credentials")
                .expect(ExitCode.OK);
    }

    @Test
    void anUnknownCardOrReaderEndsInOneLine() {
        CliRun.run(Map.of(), "token", "info", "--card", "sim", "--serial", "NO-SUCH-CARD").expectOneLineFailure(ExitCode.TOKEN_ABSENT);
        CliRun.run(Map.of(), "token", "list", "--card", "pcsc:no such reader").expectOneLineFailure(ExitCode.TOKEN_ABSENT);
        CliRun.run(Map.of(), "token", "list", "--card", "floppy").expectOneLineFailure(ExitCode.USAGE);
    }
}
