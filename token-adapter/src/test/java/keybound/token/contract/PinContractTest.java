package keybound.token.contract;

import static keybound.token.contract.Contract.open;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import keybound.token.PinLockedException;
import keybound.token.Secret;
import keybound.token.Token;
import keybound.token.TokenSession;
import keybound.token.WrongPinException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The user PIN: wrong, locked, unblocked, changed; and never in a message. */
class PinContractTest {

    private static final String WRONG = "9876-wrong";

    static java.util.stream.Stream<TokenTarget> targets() {
        return TokenTargets.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("targets")
    void aWrongPinIsRefusedAndSaysTheTriesLeftWhereTheTokenTells(TokenTarget target) {
        try (Token token = target.freshToken()) {
            var error = assertThrows(WrongPinException.class, () -> open(token, WRONG));
            if (target.lacks(TokenTarget.Capability.TRIES_LEFT).isEmpty()) {
                assertEquals(target.pinTryLimit().orElseThrow() - 1, error.triesLeft().orElseThrow());
            } else {
                assertTrue(error.triesLeft().isEmpty(), "no number where the token tells none");
                assertTrue(token.info().pinState().countLow(), "the token flags the failed try");
            }
            open(token, target.userPin()).close();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("targets")
    void aPinTriedWrongTooOftenLocksUntilUnblocked(TokenTarget target) {
        Contract.assume(target, TokenTarget.Capability.PIN_LOCKOUT);
        try (Token token = target.freshToken()) {
            int limit = target.pinTryLimit().orElseThrow();
            for (int i = 1; i < limit; i++) {
                assertThrows(WrongPinException.class, () -> open(token, WRONG));
            }
            // The last wrong try may already say "locked" (a card's 63C0) or still "wrong, 0 left".
            var last = assertThrows(keybound.token.TokenException.class, () -> open(token, WRONG));
            assertTrue(last instanceof PinLockedException
                    || (last instanceof WrongPinException wrong && wrong.triesLeft().orElse(0) == 0), last.toString());
            assertTrue(token.info().pinState().locked());
            assertThrows(PinLockedException.class, () -> open(token, target.userPin()));
            try (Secret secret = Secret.of(target.unblockSecret()); Secret fresh = Secret.of(target.otherValidPin())) {
                token.unblockPin(secret, fresh);
            }
            assertFalse(token.info().pinState().locked());
            open(token, target.otherValidPin()).close();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("targets")
    void unblockingSetsANewPinAndNeedsTheRightSecret(TokenTarget target) {
        try (Token token = target.freshToken()) {
            try (Secret wrongSecret = Secret.of(WRONG); Secret fresh = Secret.of(target.otherValidPin())) {
                assertThrows(WrongPinException.class, () -> token.unblockPin(wrongSecret, fresh));
            }
            try (Secret secret = Secret.of(target.unblockSecret()); Secret fresh = Secret.of(target.otherValidPin())) {
                token.unblockPin(secret, fresh);
            }
            open(token, target.otherValidPin()).close();
            assertThrows(WrongPinException.class, () -> open(token, target.userPin()));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("targets")
    void changingThePinNeedsTheOldOne(TokenTarget target) {
        try (Token token = target.freshToken()) {
            try (Secret wrongOld = Secret.of(WRONG); Secret fresh = Secret.of(target.otherValidPin())) {
                assertThrows(WrongPinException.class, () -> token.changePin(wrongOld, fresh));
            }
            try (Secret old = Secret.of(target.userPin()); Secret fresh = Secret.of(target.otherValidPin())) {
                token.changePin(old, fresh);
            }
            try (TokenSession session = open(token, target.otherValidPin())) {
                assertTrue(session.credentials().isEmpty());
            }
            assertThrows(WrongPinException.class, () -> open(token, target.userPin()));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("targets")
    void noPinOrSecretAppearsInAnyMessage(TokenTarget target) {
        List<Throwable> errors = new ArrayList<>();
        try (Token token = target.freshToken()) {
            errors.add(assertThrows(WrongPinException.class, () -> open(token, WRONG)));
            try (TokenSession held = open(token, target.userPin())) {
                errors.add(assertThrows(WrongPinException.class, () -> open(token, WRONG)));
            }
            try (Secret wrongOld = Secret.of(WRONG); Secret fresh = Secret.of(target.otherValidPin())) {
                errors.add(assertThrows(WrongPinException.class, () -> token.changePin(wrongOld, fresh)));
            }
            try (Secret wrongSecret = Secret.of(WRONG); Secret fresh = Secret.of(target.otherValidPin())) {
                errors.add(assertThrows(WrongPinException.class, () -> token.unblockPin(wrongSecret, fresh)));
            }
        }
        List<String> secrets = List.of(WRONG, target.userPin(), target.unblockSecret(), target.otherValidPin());
        for (Throwable error : errors) {
            for (Throwable t = error; t != null; t = t.getCause()) {
                for (String secret : secrets) {
                    assertFalse(String.valueOf(t).contains(secret), "a secret leaked into: " + t.getClass().getName());
                }
            }
        }
        assertEquals("Secret[****]", Secret.of(WRONG).toString());
    }
}
