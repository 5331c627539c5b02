package keybound.issuer.ca;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import keybound.issuer.ca.dev.Pkcs12DevToken;
import keybound.issuer.support.IssuerTokenCa;
import keybound.token.CredentialQuery;
import keybound.token.Secret;
import keybound.token.WrongPinException;
import org.junit.jupiter.api.Test;

/** The PKCS#12 development CA works through the same Token API, and keeps its keys across opens. */
class DevelopmentCaTest {

    @Test
    void createsARootAndIssuingCaThatCanBeReopened() throws Exception {
        Path file = Path.of("target", "ca-tokens", UUID.randomUUID() + ".p12");
        CertificateAuthority ca = IssuerTokenCa.create(new Pkcs12DevToken(file, "dev"), Duration.ofDays(30));
        assertEquals(2, ca.chain().size());
        ca.certificate().verify(ca.root().getPublicKey());
        assertEquals(1, ca.root().getBasicConstraints(), "root allows one CA below it");
        assertTrue(ca.certificate().getBasicConstraints() >= 0, "issuing CA is a CA");
        assertTrue(ca.certificate().getKeyUsage()[5], "keyCertSign");

        try (Secret pin = Secret.of("ca-test-pin"); var session = new Pkcs12DevToken(file, "dev").open(pin)) {
            var issuing = session.find(CredentialQuery.label("issuing")).orElseThrow();
            assertEquals(ca.certificate(), issuing.certificate().orElseThrow());
            var reopened = new CertificateAuthority(new CaSigner(session, issuing.key()), List.of(ca.certificate(), ca.root()),
                    IssuerTokenCa.URLS);
            assertEquals(ca.signer().publicKey(), reopened.signer().publicKey());
        }
        try (Secret wrong = Secret.of("not-the-pin")) {
            assertThrows(WrongPinException.class, () -> new Pkcs12DevToken(file, "dev").open(wrong));
        }
    }

    @Test
    void everyOpenSaysItIsForDevelopmentOnly() {
        var captured = new ByteArrayOutputStream();
        var original = System.err;
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try (Secret pin = Secret.of("dev-pin")) {
            new Pkcs12DevToken(Path.of("target", "ca-tokens", UUID.randomUUID() + ".p12"), "dev").open(pin).close();
        } finally {
            System.setErr(original);
        }
        assertTrue(captured.toString(StandardCharsets.UTF_8).contains("DEVELOPMENT ONLY"),
                captured.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aChainThatDoesNotMatchTheKeyIsRefused() {
        CertificateAuthority a = IssuerTokenCa.create(IssuerTokenCa.devToken("a"), Duration.ofDays(30));
        CertificateAuthority b = IssuerTokenCa.create(IssuerTokenCa.devToken("b"), Duration.ofDays(30));
        assertThrows(IllegalArgumentException.class, () -> new CertificateAuthority(a.signer(), b.chain(), IssuerTokenCa.URLS));
    }
}
