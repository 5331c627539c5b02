package keybound.token.pkcs11;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import keybound.token.PinLockedException;
import keybound.token.Secret;
import keybound.token.WrongPinException;
import org.junit.jupiter.api.Test;

/** The login bookkeeping alone, over a fake device that records C_Login and C_Logout. */
class TokenLoginTest {

    /** Accepts "1234" only, as a token would on C_Login. */
    private static final class FakeDevice implements TokenLogin.Device {
        final List<String> calls = new ArrayList<>();

        @Override
        public boolean loginUser(char[] pin) {
            calls.add("login");
            if (!new String(pin).equals("1234")) {
                throw new WrongPinException("fake", 2);
            }
            return true;
        }

        @Override
        public void logoutUser() {
            calls.add("logout");
        }

        @Override
        public String name() {
            return "fake";
        }
    }

    @Test
    void onlyTheFirstLeaseLogsInAndOnlyTheLastLogsOut() {
        var device = new FakeDevice();
        var login = new TokenLogin(device);
        acquire(login, "1234");
        acquire(login, "1234");
        login.release();
        assertEquals(List.of("login"), device.calls);
        login.release();
        assertEquals(List.of("login", "logout"), device.calls);
    }

    @Test
    void wrongPinsOfferedWhileLoggedInAreCountedAndLockNewLeasesUntilTheLastCloses() {
        var device = new FakeDevice();
        var login = new TokenLogin(device);
        acquire(login, "1234");

        var first = assertThrows(WrongPinException.class, () -> acquire(login, "0000"));
        assertEquals(TokenLogin.HOST_TRIES - 1, first.triesLeft().getAsInt());
        assertThrows(WrongPinException.class, () -> acquire(login, "0001"));
        assertThrows(PinLockedException.class, () -> acquire(login, "0002"));
        // Locked for new leases, even with the right PIN, while the login lasts; none of it reached the token.
        assertThrows(PinLockedException.class, () -> acquire(login, "1234"));
        assertEquals(List.of("login"), device.calls);

        login.release(); // the open lease goes on until it closes; then the token checks again
        acquire(login, "1234");
        assertEquals(List.of("login", "logout", "login"), device.calls);
    }

    @Test
    void aRightPinStartsTheCountAgain() {
        var login = new TokenLogin(new FakeDevice());
        acquire(login, "1234");
        assertThrows(WrongPinException.class, () -> acquire(login, "0000"));
        assertThrows(WrongPinException.class, () -> acquire(login, "0001"));
        acquire(login, "1234");
        var again = assertThrows(WrongPinException.class, () -> acquire(login, "0002"));
        assertEquals(TokenLogin.HOST_TRIES - 1, again.triesLeft().getAsInt());
    }

    private static void acquire(TokenLogin login, String pin) {
        try (Secret p = Secret.of(pin)) {
            login.acquire(p);
        }
    }
}
