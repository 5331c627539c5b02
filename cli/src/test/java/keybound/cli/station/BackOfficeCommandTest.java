package keybound.cli.station;

import static keybound.cli.station.OperatedBank.USER;
import static keybound.cli.station.OperatedBank.assertMentions;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CRLReason;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.util.Locale;
import keybound.cli.CliRun;
import keybound.cli.ExitCode;
import org.junit.jupiter.api.Test;

/**
 * The bank's back office next to its running server, through {@code keybound bank ...} on the
 * same configuration file: revoke (the station's logon is refused, the CRL lists it), unlock a
 * user locked by wrong ト; and {@code admin logoff} ending the session at the bank.
 */
class BackOfficeCommandTest extends OperatedBankBase {

    private static final int LOCKOUT = 3;

    @Override
    protected int lockout() {
        return LOCKOUT;
    }

    @Test
    void revokedCertificateIsRefusedAtLogonAndListedInTheCrl() throws Exception {
        bank.user("user", "logon").expect(ExitCode.OK);
        String serial = bank.userSerial();
        Path before = directory.resolve("before.crl");
        bank.bank("crl", "--out", before.toString()).expect(ExitCode.OK);
        assertNull(crl(before).getRevokedCertificate(new BigInteger(serial, 16)), "not revoked yet");

        CliRun revoked = bank.bank("revoke", serial.toUpperCase(Locale.ROOT), "--reason", "key-compromise")
                .expect(ExitCode.OK);
        assertTrue(revoked.out().contains("Revoked " + serial.toUpperCase(Locale.ROOT)), revoked.out());
        bank.bank("revoke", serial).expectOneLineFailure(ExitCode.REFUSED);

        CliRun refused = bank.user("user", "logon").expectOneLineFailure(ExitCode.REFUSED);
        assertMentions(refused, "certificate-revoked");

        Path after = directory.resolve("after.crl");
        assertTrue(bank.bank("crl", "--out", after.toString()).expect(ExitCode.OK).out().contains("1 revoked"));
        var entry = crl(after).getRevokedCertificate(new BigInteger(serial, 16));
        assertNotNull(entry, "the CRL lists " + serial);
        assertEquals(CRLReason.KEY_COMPROMISE, entry.getRevocationReason());
    }

    @Test
    void userLockedByWrongUserPinLogsOnAgainAfterTheBankUnlocks() {
        String userPin = bank.user.get("KEYBOUND_USER_PIN");
        bank.user.put("KEYBOUND_USER_PIN", "99999999");
        for (int i = 1; i < LOCKOUT; i++) {
            bank.user("user", "logon").expectOneLineFailure(ExitCode.WRONG_SECRET);
        }
        assertMentions(bank.user("user", "logon").expectOneLineFailure(ExitCode.LOCKED), "keybound bank unlock");
        bank.user.put("KEYBOUND_USER_PIN", userPin);
        bank.user("user", "logon").expectOneLineFailure(ExitCode.LOCKED);
        assertEquals("LOCKED", bank.userEntry().get("status").asText());

        CliRun unlocked = bank.bank("unlock", bank.contractId, "--user", USER, "--json").expect(ExitCode.OK);
        assertTrue(unlocked.out().contains("\"unlocked\":true"), unlocked.out());
        assertEquals("ACTIVE", bank.userEntry().get("status").asText());
        bank.user("user", "logon").expect(ExitCode.OK);
        assertMentions(bank.bank("unlock", bank.contractId, "--user", USER).expect(ExitCode.OK), "was not locked");
        bank.bank("unlock", bank.contractId, "--user", "U99").expectOneLineFailure(ExitCode.REFUSED);
    }

    @Test
    void afterAdminLogoffTheSessionIsRefusedByTheBank() throws Exception {
        Path file = directory.resolve("admin-state/session.properties");
        String session = Files.readString(file);
        bank.admin("admin", "users", "list").expect(ExitCode.OK);

        bank.admin("admin", "logoff").expect(ExitCode.OK);

        // the station forgot it; and the bank ended it: the same session, kept aside, is refused
        bank.admin("admin", "users", "list").expectOneLineFailure(ExitCode.REFUSED);
        Files.writeString(file, session);
        CliRun refused = bank.admin("admin", "users", "list").expectOneLineFailure(ExitCode.REFUSED);
        assertMentions(refused, "session-invalid");
        bank.admin("admin", "logon").expect(ExitCode.OK);
        bank.admin("admin", "users", "list").expect(ExitCode.OK);
    }

    private static X509CRL crl(Path pem) throws Exception {
        try (InputStream in = Files.newInputStream(pem)) {
            return (X509CRL) CertificateFactory.getInstance("X.509").generateCRL(in);
        }
    }
}
