package keybound.token.card;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Random;
import keybound.token.CredentialQuery;
import keybound.token.KeyAlgorithm;
import keybound.token.KeyNotFoundException;
import keybound.token.KeyRef;
import keybound.token.MechanismUnsupportedException;
import keybound.token.PinLockedException;
import keybound.token.Secret;
import keybound.token.SignatureAlgorithm;
import keybound.token.Token;
import keybound.token.TokenDeviceException;
import keybound.token.TokenFullException;
import keybound.token.TokenKind;
import keybound.token.TokenSession;
import keybound.token.WrongPinException;
import keybound.token.bc.CsrFactory;
import keybound.cardsim.SimulatedCard;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class CardTokenTest {
    private final CardFixture fixture = new CardFixture();

    @AfterEach
    void close() {
        fixture.close();
    }

    @Test
    void theSourceListsTheCardBySerial() {
        var tokens = fixture.source.tokens();
        assertEquals(1, tokens.size());
        assertEquals(TokenKind.JAVA_CARD, tokens.get(0).kind());
        assertEquals(fixture.card.serial(), tokens.get(0).serial());
        assertEquals(3, tokens.get(0).pinState().triesLeft());
    }

    @ParameterizedTest
    @EnumSource(KeyAlgorithm.class)
    void generatedKeysSignWhatJcaVerifies(KeyAlgorithm algorithm) throws Exception {
        try (TokenSession session = fixture.token().open(CardFixture.pin())) {
            KeyRef key = session.generateKeyPair(algorithm, "alice-" + algorithm);
            PublicKey publicKey = session.publicKey(key);
            for (int length : new int[] {1, 32, 253, 254, 255, 256, 257, 508, 509, 3000}) {
                byte[] message = new byte[length];
                new Random(length).nextBytes(message);
                byte[] signature = session.sign(key, algorithm.defaultSignature(), message);
                var verifier = Signature.getInstance(algorithm.defaultSignature().jcaName());
                verifier.initVerify(publicKey);
                verifier.update(message);
                assertTrue(verifier.verify(signature), "signature over " + length + " bytes");
            }
        }
    }

    @Test
    void aLogonSignatureCostsTwoApdusAfterSelect() {
        Token token = fixture.token();
        KeyRef key;
        try (TokenSession session = token.open(CardFixture.pin())) {
            key = session.generateKeyPair(KeyAlgorithm.EC_P256, "logon");
        }
        long before = fixture.apdus();
        try (TokenSession session = token.open(CardFixture.pin())) {
            session.sign(key, SignatureAlgorithm.SHA256_WITH_ECDSA, "logon challenge 8f3a1c".getBytes());
            assertEquals(2, fixture.apdus() - before, "VERIFY + SIGN");
        }
        assertEquals(3, fixture.apdus() - before, "closing the last lease logs out");
    }

    @Test
    void wrongPinsCountDownToLockedAndThePukUnblocks() {
        Token token = fixture.token();
        var first = assertThrows(WrongPinException.class, () -> token.open(Secret.of("000000")));
        assertEquals(2, first.triesLeft().getAsInt());
        assertFalse(first.getMessage().contains("000000"));
        assertEquals(1, assertThrows(WrongPinException.class, () -> token.open(Secret.of("000000"))).triesLeft().getAsInt());
        assertThrows(PinLockedException.class, () -> token.open(Secret.of("000000")));
        assertThrows(PinLockedException.class, () -> token.open(CardFixture.pin()));
        assertTrue(token.info().pinState().locked());
        assertEquals(9, assertThrows(WrongPinException.class,
                () -> token.unblockPin(Secret.of("00000000"), Secret.of("654321"))).triesLeft().getAsInt());
        token.unblockPin(Secret.of(SimulatedCard.PUK), Secret.of("654321"));
        token.open(Secret.of("654321")).close();
        token.changePin(Secret.of("654321"), Secret.of("11223344"));
        assertThrows(WrongPinException.class, () -> token.open(Secret.of("654321")));
        token.open(Secret.of("11223344")).close();
    }

    @Test
    void aPinWithNonAsciiCharactersNeverPassesForDigits() {
        // U+0136 truncated to a byte is 0x36, '6': "12345\u0136" must not open a card whose PIN is 123456
        var e = assertThrows(WrongPinException.class, () -> fixture.token().open(Secret.of("12345\u0136")));
        assertEquals(2, e.triesLeft().getAsInt());
    }

    @Test
    void certificatesCredentialsAndLookups() throws Exception {
        try (TokenSession session = fixture.token().open(CardFixture.pin())) {
            KeyRef key = session.generateKeyPair(KeyAlgorithm.EC_P256, "bob");
            X509Certificate cert = CardFixture.MANUFACTURER.certifyAttestationKey(session.publicKey(key), "bob-cert");
            session.storeCertificate(key, cert);
            KeyRef other = session.generateKeyPair(KeyAlgorithm.EC_P256, "other");
            assertTrue(!session.publicKey(other).equals(session.publicKey(key)), "two slots, two keys");
            assertThrows(IllegalArgumentException.class, () -> session.storeCertificate(other, cert));
            session.delete(other);
            var credentials = session.credentials();
            assertEquals(1, credentials.size());
            assertEquals(cert, credentials.get(0).certificate().orElseThrow());
            assertEquals(key, session.find(CredentialQuery.label("bob")).orElseThrow().key());
            assertEquals(key, session.find(CredentialQuery.id(key.id())).orElseThrow().key());
            assertEquals(key, session.find(CredentialQuery.subject("keybound card attestation bob-cert")).orElseThrow().key());
            assertTrue(session.find(CredentialQuery.label("nobody")).isEmpty());
            session.delete(key);
            assertTrue(session.credentials().isEmpty());
            assertThrows(KeyNotFoundException.class, () -> session.sign(key, SignatureAlgorithm.SHA256_WITH_ECDSA, new byte[] {1}));
        }
    }

    @Test
    void csrIsSignedOnTheCard() throws Exception {
        try (TokenSession session = fixture.token().open(CardFixture.pin())) {
            KeyRef key = session.generateKeyPair(KeyAlgorithm.EC_P256, "csr");
            var csr = CsrFactory.create(session, key, new X500Name("CN=alice,O=keybound"));
            assertTrue(csr.isSignatureValid(new JcaContentVerifierProviderBuilder().build(session.publicKey(key))));
        }
    }

    @Test
    void fullCardAndWrongUse() {
        try (TokenSession session = fixture.token().open(CardFixture.pin())) {
            for (int i = 0; i < 4; i++) {
                session.generateKeyPair(KeyAlgorithm.EC_P256, "k" + i);
            }
            assertThrows(TokenFullException.class, () -> session.generateKeyPair(KeyAlgorithm.EC_P256, "k5"));
            KeyRef ec = session.credentials().get(0).key();
            assertThrows(MechanismUnsupportedException.class, () -> session.sign(ec, SignatureAlgorithm.SHA256_WITH_RSA, new byte[1]));
            assertThrows(KeyNotFoundException.class,
                    () -> session.sign(new KeyRef("04", "x", KeyAlgorithm.EC_P256), SignatureAlgorithm.SHA256_WITH_ECDSA, new byte[1]));
            var commands = ((CardToken) fixture.token()).commands();
            assertThrows(TokenFullException.class, () -> commands.putCertificate(0, new byte[2049]));
        }
    }

    @Test
    void afterTheLastLeaseClosesTheCardWantsThePinAgain() {
        Token token = fixture.token();
        KeyRef key;
        TokenSession kept;
        try (TokenSession session = token.open(CardFixture.pin())) {
            key = session.generateKeyPair(KeyAlgorithm.EC_P256, "k");
            kept = token.open(CardFixture.pin());
        }
        kept.sign(key, SignatureAlgorithm.SHA256_WITH_ECDSA, new byte[] {1}); // the second lease still holds the login
        kept.close();
        var commands = ((CardToken) token).commands();
        var e = assertThrows(TokenDeviceException.class, () -> commands.sign(0, (byte) 1, new byte[] {1}));
        assertTrue(e.code().startsWith("SW 6982"), e.code());
        assertThrows(IllegalStateException.class, () -> kept.sign(key, SignatureAlgorithm.SHA256_WITH_ECDSA, new byte[] {1}));
    }

    @ParameterizedTest
    @ValueSource(strings = {"labels-longer-than-thirty-two-bytes!"})
    void labelsAreBounded(String label) {
        try (TokenSession session = fixture.token().open(CardFixture.pin())) {
            assertThrows(IllegalArgumentException.class, () -> session.generateKeyPair(KeyAlgorithm.EC_P256, label));
            assertEquals(List.of(), session.credentials());
        }
    }
}
