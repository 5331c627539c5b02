package keybound.token.piv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import keybound.cardsim.ManufacturerCa;
import keybound.cardsim.SimulatedCard;
import keybound.token.AttestationStatement;
import keybound.token.KeyAlgorithm;
import keybound.token.KeyRef;
import keybound.token.Secret;
import keybound.token.TokenSelector;
import keybound.token.TokenSession;
import keybound.token.attest.AttestationException;
import keybound.token.attest.AttestedKey;
import keybound.token.card.CardTokenSource;
import keybound.token.piv.AttestationFormats.Format;
import org.junit.jupiter.api.Test;

/** Yubico-format PIV attestation from keybound's card, checked link by link against a simulated maker root. */
class PivAttestationTest {

    private static final ManufacturerCa MAKER = ManufacturerCa.create("keybound PIV attestation maker");
    private static final ManufacturerCa OTHER_MAKER = ManufacturerCa.create("some other maker");
    private final AttestationFormats bank = AttestationFormats.all(List.of(MAKER.certificate()), Clock.systemUTC());

    private record Attested(AttestationStatement statement, KeyRef key, PublicKey publicKey) {
    }

    private static Attested attestOn(SimulatedCard card, KeyAlgorithm algorithm) {
        try (var source = PivTokenSource.of(ManagementKey.FACTORY_DEFAULT, card.terminal());
             Secret pin = Secret.of(SimulatedCard.PIN);
             TokenSession session = source.token(TokenSelector.serial(card.serial())).open(pin)) {
            KeyRef key = session.generateKeyPair(algorithm, "attested");
            return new Attested(session.attest(key, new byte[16]).orElseThrow(), key, session.publicKey(key));
        }
    }

    @Test
    void theSlotKeyIsAttestedWithTheCardSerialAndPolicies() {
        for (KeyAlgorithm algorithm : KeyAlgorithm.values()) {
            SimulatedCard card = SimulatedCard.personalised(MAKER);
            Attested attested = attestOn(card, algorithm);
            AttestedKey key = bank.verify(attested.statement(), new byte[0]);
            assertEquals(attested.publicKey(), key.publicKey());
            assertEquals(0x9a, key.slot());
            assertTrue(key.cardSerial().matches("piv \\d+ pin:once touch:never form:00"), key.cardSerial());
            assertTrue(key.cardSerial().length() <= 64, "fits the registry's attestation_card column");
        }
    }

    @Test
    void aForeignMakerAnotherCardsF9OrATamperedStatementIsRefused() {
        SimulatedCard card = SimulatedCard.personalised(MAKER);
        Attested attested = attestOn(card, KeyAlgorithm.EC_P256);
        var untrusting = AttestationFormats.all(List.of(OTHER_MAKER.certificate()), Clock.systemUTC());
        assertThrows(AttestationException.class, () -> untrusting.verify(attested.statement(), new byte[0]));

        Attested elsewhere = attestOn(SimulatedCard.personalised(MAKER), KeyAlgorithm.EC_P256);
        var swapped = new AttestationStatement(attested.statement().signedData(), attested.statement().signature(),
                List.of(attested.statement().chain().get(0), elsewhere.statement().chain().get(1)));
        assertThrows(AttestationException.class, () -> bank.verify(swapped, new byte[0]));

        byte[] tampered = attested.statement().signedData().clone();
        tampered[tampered.length - 1] ^= 1;
        var forged = new AttestationStatement(tampered, attested.statement().signature(), attested.statement().chain());
        assertThrows(AttestationException.class, () -> bank.verify(forged, new byte[0]));

        var expired = AttestationFormats.all(List.of(MAKER.certificate()), Clock.offset(Clock.systemUTC(), Duration.ofDays(20 * 365)));
        assertThrows(AttestationException.class, () -> expired.verify(attested.statement(), new byte[0]));
    }

    @Test
    void aBankAcceptsOnlyTheFormatsItNames() {
        SimulatedCard card = SimulatedCard.personalised(MAKER);
        Attested piv = attestOn(card, KeyAlgorithm.EC_P256);
        byte[] nonce = new byte[16];
        AttestationStatement keybound;
        try (var source = CardTokenSource.of(card.terminal()); Secret pin = Secret.of(SimulatedCard.PIN);
             TokenSession session = source.token(TokenSelector.serial(card.serial())).open(pin)) {
            KeyRef same = new KeyRef("00", "PIV 9A", KeyAlgorithm.EC_P256); // keybound slot 0 is PIV 9A
            keybound = session.attest(same, nonce).orElseThrow();
        }
        var onlyKeybound = new AttestationFormats(List.of(MAKER.certificate()), Clock.systemUTC(), EnumSet.of(Format.KEYBOUND));
        assertEquals(piv.publicKey(), onlyKeybound.verify(keybound, nonce).publicKey());
        var error = assertThrows(AttestationException.class, () -> onlyKeybound.verify(piv.statement(), nonce));
        assertTrue(error.getMessage().contains("does not accept piv"), error.getMessage());
        assertEquals(piv.publicKey(), bank.verify(keybound, nonce).publicKey());
    }
}
