package keybound.cli.station;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import keybound.cli.CliException;
import keybound.cli.ExitCode;
import keybound.token.Credential;
import keybound.token.KeyAlgorithm;
import keybound.token.KeyRef;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
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

    private static Credential credential(String label, String subject) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(256);
        KeyPair pair = generator.generateKeyPair();
        var name = new X500Name(subject);
        Instant now = Instant.now();
        X509Certificate certificate = new JcaX509CertificateConverter().getCertificate(new JcaX509v3CertificateBuilder(name,
                BigInteger.ONE, Date.from(now), Date.from(now.plus(1, ChronoUnit.DAYS)), name, pair.getPublic())
                .build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate())));
        return new Credential(new KeyRef("0a" + label.length(), label, KeyAlgorithm.EC_P256), pair.getPublic(), Optional.of(certificate));
    }
}
