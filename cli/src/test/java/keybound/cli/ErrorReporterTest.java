package keybound.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import keybound.token.ModuleNotFoundException;
import keybound.token.PinLockedException;
import keybound.token.TokenNotPresentException;
import keybound.token.WrongPinException;
import org.junit.jupiter.api.Test;

class ErrorReporterTest {

    @Test
    void eachTokenFailureHasItsOwnExitCodeAndAHint() {
        var wrong = ErrorReporter.describe(new WrongPinException("alice", 2));
        assertEquals(ExitCode.WRONG_SECRET, wrong.exitCode());
        assertTrue(wrong.message().contains("2 tries left"), wrong.message());

        assertEquals(ExitCode.LOCKED, ErrorReporter.describe(new PinLockedException("alice")).exitCode());
        var absent = ErrorReporter.describe(new TokenNotPresentException("No token labelled bob"));
        assertEquals(ExitCode.TOKEN_ABSENT, absent.exitCode());
        assertTrue(absent.message().contains("keybound token list"), absent.message());
        assertEquals(ExitCode.TOKEN_ABSENT,
                ErrorReporter.describe(new ModuleNotFoundException("no module at /x.so", null)).exitCode());
    }

    @Test
    void unknownFailuresAreOneLineWithoutStackTrace() {
        var outcome = ErrorReporter.describe(new IllegalStateException("boom"));
        assertEquals(ExitCode.FAILURE, outcome.exitCode());
        assertFalse(outcome.message().contains("\n"));
        assertFalse(outcome.message().contains("at keybound."));
    }
}
