package keybound.cli.station;

import static keybound.cli.station.OperatedBank.USER;
import static keybound.cli.station.OperatedBank.assertMentions;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import keybound.cli.CliRun;
import keybound.cli.ExitCode;
import org.junit.jupiter.api.Test;

/**
 * {@code keybound admin users change USER --suspend | --resume | --reset} in-process against the
 * bank's real server (started from its configuration file), keys on real SoftHSM tokens.
 */
class UserChangeCommandTest extends OperatedBankBase {

    private static final int LOCKOUT = 3;

    @Override
    protected int lockout() {
        return LOCKOUT;
    }

    @Test
    void suspendedUserIsRefusedUntilResumed() {
        bank.user("user", "logon").expect(ExitCode.OK);

        CliRun suspended = bank.admin("admin", "users", "change", USER, "--suspend").expect(ExitCode.OK);
        assertTrue(suspended.out().contains("suspended") && suspended.out().contains("--resume"), suspended.out());
        assertEquals("SUSPENDED", bank.userEntry().get("status").asText());
        assertMentions(bank.admin("admin", "users", "change", USER, "--suspend").expect(ExitCode.OK), "already suspended");

        CliRun refused = bank.user("user", "logon").expectOneLineFailure(ExitCode.REFUSED);
        assertMentions(refused, "user-suspended");
        assertMentions(refused, "--resume");

        CliRun resumed = bank.admin("admin", "users", "change", USER, "--resume", "--json").expect(ExitCode.OK);
        assertTrue(resumed.out().contains("\"changed\":true"), resumed.out());
        assertEquals("ACTIVE", bank.userEntry().get("status").asText());
        bank.user("user", "logon").expect(ExitCode.OK);
        assertMentions(bank.admin("admin", "users", "change", USER, "--resume").expect(ExitCode.OK), "was not suspended");
    }

    @Test
    void resetGivesNewSecretsOnceWithWhichTheUserLogsOnAndAcquiresAgain() throws Exception {
        String oldPin = bank.user.get("KEYBOUND_USER_PIN");
        CliRun human = bank.admin("admin", "users", "change", USER, "--reset").expect(ExitCode.OK);
        assertTrue(human.out().contains("ト ") && human.out().contains("チ "), human.out());

        JsonNode reset = new ObjectMapper().readTree(bank.admin("admin", "users", "change", USER, "--reset", "--json")
                .expect(ExitCode.OK).out());
        String newPin = reset.get("userPin").asText();
        assertEquals(USER, reset.get("userId").asText());
        assertNotEquals(oldPin, newPin);
        assertFalse(human.out().contains(newPin), "each reset makes new secrets");

        // the old ト no longer logs on; the new one does, with the certificate the user already has
        bank.user("user", "logon").expectOneLineFailure(ExitCode.WRONG_SECRET);
        bank.user.put("KEYBOUND_USER_PIN", newPin);
        bank.user("user", "logon").expect(ExitCode.OK);

        // with a new authorisation the user acquires again, on a new token, with the new ト and チ
        bank.admin("admin", "users", "issue-cert", USER).expect(ExitCode.OK);
        bank.user.put("KEYBOUND_USER_CONFIRMATION_PIN", reset.get("userConfirmationPin").asText());
        bank.user.put("KEYBOUND_TOKEN_PIN", "333333");
        bank.userUses(bank.initToken("user2-" + bank.suffix(), "333333"));
        bank.user("user", "acquire").expect(ExitCode.OK);
        bank.user("user", "logon").expect(ExitCode.OK);
    }

    @Test
    void unknownUserWrongConfirmationPinLockedUserAndNoSessionEndInOneLine() {
        CliRun unknown = bank.admin("admin", "users", "change", "U99", "--suspend").expectOneLineFailure(ExitCode.REFUSED);
        assertMentions(unknown, "user-unknown");
        assertMentions(unknown, "admin users list");

        String confirmationPin = bank.admin.get("KEYBOUND_CONFIRMATION_PIN");
        bank.admin.put("KEYBOUND_CONFIRMATION_PIN", "00000000");
        CliRun wrong = bank.admin("admin", "users", "change", USER, "--reset").expectOneLineFailure(ExitCode.WRONG_SECRET);
        assertFalse(wrong.err().contains("00000000"), "no secret in the message");
        bank.admin.put("KEYBOUND_CONFIRMATION_PIN", confirmationPin);

        bank.user.put("KEYBOUND_USER_PIN", "99999999");
        for (int i = 0; i < LOCKOUT; i++) {
            bank.user("user", "logon");
        }
        assertEquals("LOCKED", bank.userEntry().get("status").asText());
        CliRun locked = bank.admin("admin", "users", "change", USER, "--suspend").expectOneLineFailure(ExitCode.LOCKED);
        assertMentions(locked, "unlock");
        bank.admin("admin", "users", "change", USER, "--reset").expectOneLineFailure(ExitCode.LOCKED);

        // exactly one of --reset, --suspend, --resume
        bank.admin("admin", "users", "change", USER).expectOneLineFailure(ExitCode.USAGE);
        bank.admin("admin", "users", "change", USER, "--reset", "--suspend").expectOneLineFailure(ExitCode.USAGE);

        bank.admin("admin", "logoff").expect(ExitCode.OK);
        CliRun noSession = bank.admin("admin", "users", "change", USER, "--resume").expectOneLineFailure(ExitCode.REFUSED);
        assertMentions(noSession, "admin logon");
    }
}
