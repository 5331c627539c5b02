package keybound.cli.station;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import keybound.cli.CliException;
import keybound.cli.ExitCode;
import keybound.testkit.ca.TestCa;
import keybound.token.Credential;
import keybound.token.KeyAlgorithm;
import keybound.token.KeyRef;
import org.junit.jupiter.api.Test;

/** Which certificate on a token logon and re-keying use (the choice alone; tokens play no part). */
class CertificateChoiceTest {

    @Test
    void theOnlyCertificateIsChosenAndSeveralNeedKeyNamingThemInOneLine() throws Exception {
        Credential first = credential("bank-logon", "CN=0012345678U011234");
        Credential second = credential("bank-logon-00002", "CN=0012345678U021234");

        assertEquals(first, CertificateLogon.choose(List.of(first), null, null));
        assertEquals(second, CertificateLogon.choose(List.of(first, second), "bank-logon-00002", null));

        var ambiguous = assertThrows(CliException.class, () -> CertificateLogon.choose(List.of(first, second), null, null));
        assertEquals(ExitCode.USAGE, ambiguous.exitCode());
        assertEquals(1, ambiguous.getMessage().lines().count(), ambiguous.getMessage());
        assertTrue(ambiguous.getMessage().contains("bank-logon (CN=0012345678U011234)")
                && ambiguous.getMessage().contains("bank-logon-00002 (CN=0012345678U021234)")
                && ambiguous.getMessage().contains("--key"), ambiguous.getMessage());

        var none = assertThrows(CliException.class, () -> CertificateLogon.choose(List.of(), null, null));
        assertEquals(ExitCode.TOKEN_ABSENT, none.exitCode());
    }

    private static Credential credential(String label, String subject) {
        KeyPair pair = TestCa.ecKeyPair();
        X509Certificate certificate = TestCa.selfSigned(subject, pair);
        return new Credential(new KeyRef("0a" + label.length(), label, KeyAlgorithm.EC_P256), pair.getPublic(), Optional.of(certificate));
    }
}
