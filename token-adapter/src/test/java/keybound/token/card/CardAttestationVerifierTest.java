package keybound.token.card;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import keybound.cardsim.ManufacturerCa;
import keybound.token.AttestationStatement;
import keybound.token.KeyAlgorithm;
import keybound.token.KeyRef;
import keybound.token.TokenSession;
import keybound.token.attest.AttestationData;
import keybound.token.attest.AttestationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class CardAttestationVerifierTest {
    private static final byte[] NONCE = "nonce-0123456789abcdef".getBytes(StandardCharsets.UTF_8);

    private final CardFixture fixture = new CardFixture();
    private final CardAttestationVerifier verifier =
            new CardAttestationVerifier(List.of(CardFixture.MANUFACTURER.certificate()), Clock.systemUTC());

    @AfterEach
    void close() {
        fixture.close();
    }

    private record Attested(KeyRef key, PublicKey publicKey, AttestationStatement statement) {
    }

    private Attested attest(KeyAlgorithm algorithm, byte[] nonce) {
        try (TokenSession session = fixture.token().open(CardFixture.pin())) {
            KeyRef key = session.generateKeyPair(algorithm, "attested");
            return new Attested(key, session.publicKey(key), session.attest(key, nonce).orElseThrow());
        }
    }

    @ParameterizedTest
    @EnumSource(KeyAlgorithm.class)
    void genuineStatementNamesTheKeySlotAndCard(KeyAlgorithm algorithm) {
        Attested a = attest(algorithm, NONCE);
        var attested = verifier.verify(a.statement(), NONCE);
        assertEquals(a.publicKey(), attested.publicKey());
        assertEquals(0, attested.slot());
        assertEquals(fixture.card.serial(), attested.cardSerial());
        assertEquals(fixture.card.attestationCertificate(), attested.attestationCertificate());
    }

    @Test
    void forgedStatementIsRejected() {
        Attested a = attest(KeyAlgorithm.EC_P256, NONCE);
        // swap in a key the attacker holds, keeping the card's signature
        AttestationData original = AttestationData.decode(a.statement().signedData());
        byte[] otherKey = original.key().clone();
        otherKey[10] ^= 0x01;
        byte[] forged = new AttestationData(original.slot(), original.cardSerial(), NONCE, original.keyType(), otherKey).encode();
        var e = assertThrows(AttestationException.class, () -> verifier.verify(
                new AttestationStatement(forged, a.statement().signature(), a.statement().chain()), NONCE));
        assertTrue(e.getMessage().contains("signature"), e.getMessage());
    }

    @Test
    void statementResignedUnderAnUntrustedCaIsRejected() throws Exception {
        Attested a = attest(KeyAlgorithm.EC_P256, NONCE);
        var generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        var attackerKey = generator.generateKeyPair();
        var rogue = ManufacturerCa.create("rogue manufacturer");
        var rogueCertificate = rogue.certifyAttestationKey(attackerKey.getPublic(), fixture.card.serial());
        var signer = Signature.getInstance("SHA256withECDSA");
        signer.initSign(attackerKey.getPrivate());
        signer.update(a.statement().signedData());
        var resigned = new AttestationStatement(a.statement().signedData(), signer.sign(), List.of(rogueCertificate));
        var e = assertThrows(AttestationException.class, () -> verifier.verify(resigned, NONCE));
        assertTrue(e.getMessage().contains("trusted manufacturer"), e.getMessage());
        // the rogue statement is internally consistent: a verifier trusting the rogue CA accepts it
        var gullible = new CardAttestationVerifier(List.of(rogue.certificate()), Clock.systemUTC());
        assertEquals(a.publicKey(), gullible.verify(resigned, NONCE).publicKey());
    }

    @Test
    void statementWhoseCardSerialDiffersFromItsCertificateIsRejected() {
        Attested a = attest(KeyAlgorithm.EC_P256, NONCE);
        // the same attestation key, genuinely certified by the trusted manufacturer, but for another card
        var otherCard = CardFixture.MANUFACTURER.certifyAttestationKey(
                fixture.card.attestationCertificate().getPublicKey(), fixture.card.serial() + "-other");
        var mismatched = new AttestationStatement(a.statement().signedData(), a.statement().signature(), List.of(otherCard));
        var e = assertThrows(AttestationException.class, () -> verifier.verify(mismatched, NONCE));
        assertTrue(e.getMessage().contains("serial"), e.getMessage());
        // the genuine certificate for this card's serial still passes
        assertEquals(fixture.card.serial(), verifier.verify(a.statement(), NONCE).cardSerial());
    }

    @Test
    void replayedStatementIsRejected() {
        Attested a = attest(KeyAlgorithm.EC_P256, NONCE);
        byte[] freshNonce = "another-nonce-fedcba98".getBytes(StandardCharsets.UTF_8);
        var e = assertThrows(AttestationException.class, () -> verifier.verify(a.statement(), freshNonce));
        assertTrue(e.getMessage().contains("nonce"), e.getMessage());
    }

    @Test
    void expiredAttestationCertificateIsRejected() {
        Attested a = attest(KeyAlgorithm.EC_P256, NONCE);
        var future = new CardAttestationVerifier(List.of(CardFixture.MANUFACTURER.certificate()),
                Clock.offset(Clock.systemUTC(), Duration.ofDays(20 * 365)));
        assertThrows(AttestationException.class, () -> future.verify(a.statement(), NONCE));
    }

    @Test
    void truncatedOrOversizedStatementsAreRejected() {
        Attested a = attest(KeyAlgorithm.EC_P256, NONCE);
        var s = a.statement();
        assertThrows(AttestationException.class, () -> verifier.verify(
                new AttestationStatement(Arrays.copyOf(s.signedData(), 20), s.signature(), s.chain()), NONCE));
        assertThrows(AttestationException.class, () -> verifier.verify(
                new AttestationStatement(new byte[5000], s.signature(), s.chain()), NONCE));
        assertThrows(AttestationException.class, () -> verifier.verify(
                new AttestationStatement(s.signedData(), s.signature(), List.of()), NONCE));
    }
}
