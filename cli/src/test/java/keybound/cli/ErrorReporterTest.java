package keybound.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
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
    void japaneseCatalogueByLangOptionOrEnvironmentEnglishByDefault() {
        String missing = "/nonexistent/libpkcs11-" + System.nanoTime() + ".so";
        CliRun japanese = CliRun.run(Map.of(), "token", "list", "--module", missing, "--lang", "ja")
                .expectOneLineFailure(ExitCode.TOKEN_ABSENT);
        assertTrue(japanese.err().contains("--module を確認してください。"), japanese.err());

        CliRun byLang = CliRun.run(Map.of("LANG", "ja_JP.UTF-8"), "token", "list", "--module", missing)
                .expectOneLineFailure(ExitCode.TOKEN_ABSENT);
        assertEquals(japanese.err(), byLang.err());

        CliRun english = CliRun.run(Map.of("LANG", "ja_JP.UTF-8", "LC_ALL", "C"), "token", "list", "--module", missing)
                .expectOneLineFailure(ExitCode.TOKEN_ABSENT);
        assertTrue(english.err().contains(". Check --module."), english.err());
        assertEquals(english.err(), CliRun.run(Map.of(), "token", "list", "--module", missing).err());

        var wrongPin = ErrorReporter.describe(new WrongPinException("alice", 2), Messages.choose(Messages.Language.ja, Map.of()));
        assertTrue(wrongPin.message().contains("トークンの PIN を確認して"), wrongPin.message());
        assertEquals(ExitCode.WRONG_SECRET, wrongPin.exitCode());
    }

    @Test
    void aLanguageWithoutCatalogueIsRefusedAtParseTime() {
        CliRun french = CliRun.run(Map.of(), "--lang", "fr", "token", "list").expectOneLineFailure(ExitCode.USAGE);
        assertTrue(french.err().contains("--lang"), french.err());
    }

    @Test
    void unknownFailuresAreOneLineWithoutStackTrace() {
        var outcome = ErrorReporter.describe(new IllegalStateException("boom"));
        assertEquals(ExitCode.FAILURE, outcome.exitCode());
        assertFalse(outcome.message().contains("\n"));
        assertFalse(outcome.message().contains("at keybound."));
    }
}
