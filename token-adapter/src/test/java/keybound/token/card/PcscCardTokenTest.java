package keybound.token.card;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.Signature;
import java.time.Clock;
import java.util.List;
import java.util.Random;
import keybound.token.KeyAlgorithm;
import keybound.token.KeyRef;
import keybound.token.Secret;
import keybound.token.SignatureAlgorithm;
import keybound.token.Token;
import keybound.token.TokenSession;
import keybound.token.WrongPinException;
import keybound.cardsim.SimulatedCard;
import keybound.testkit.pcsc.VirtualReader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The card through pcscd, vpcd and the JDK's PC/SC provider, as a card in a USB reader. */
class PcscCardTokenTest {
    private static SimulatedCard card;
    private static VirtualReader reader;
    private static CardFixture fixture;

    @BeforeAll
    static void insert() {
        card = SimulatedCard.personalised(CardFixture.MANUFACTURER);
        reader = VirtualReader.insert(card.simulator());
        fixture = CardFixture.through(card, CardTokenSource.pcsc());
    }

    @AfterAll
    static void remove() {
        try {
            if (fixture != null) {
                fixture.close();
            }
        } finally {
            if (reader != null) {
                reader.close();
            }
        }
    }

    @Test
    void theCardIsListedByTheJdkPcscProvider() {
        assertTrue(reader.terminal().getName().startsWith("Virtual PCD"), reader.terminal().getName());
        assertTrue(fixture.source.tokens().stream().anyMatch(t -> t.serial().equals(card.serial())));
    }

    @ParameterizedTest
    @EnumSource(KeyAlgorithm.class)
    void signaturesAndLongResponsesCrossPcsc(KeyAlgorithm algorithm) throws Exception {
        try (TokenSession session = fixture.token().open(CardFixture.pin())) {
            KeyRef key = session.generateKeyPair(algorithm, "pcsc-" + algorithm);
            try {
                byte[] message = new byte[600];
                new Random(3).nextBytes(message);
                byte[] signature = session.sign(key, algorithm.defaultSignature(), message);
                var verifier = Signature.getInstance(algorithm.defaultSignature().jcaName());
                verifier.initVerify(session.publicKey(key));
                verifier.update(message);
                assertTrue(verifier.verify(signature));
                var attested = new CardAttestationVerifier(List.of(CardFixture.MANUFACTURER.certificate()), Clock.systemUTC())
                        .verify(session.attest(key, new byte[16]).orElseThrow(), new byte[16]);
                assertEquals(session.publicKey(key), attested.publicKey());
            } finally {
                session.delete(key);
            }
        }
    }

    @Test
    void theLargestCertificateRoundTrips() {
        var commands = ((CardToken) fixture.token()).commands();
        try (TokenSession session = fixture.token().open(CardFixture.pin())) {
            KeyRef key = session.generateKeyPair(KeyAlgorithm.EC_P256, "cert");
            try {
                byte[] der = new byte[2048];
                new Random(5).nextBytes(der);
                commands.putCertificate(CardKeys.slot(key), der);
                assertArrayEquals(der, commands.certificate(CardKeys.slot(key)));
            } finally {
                session.delete(key);
            }
        }
    }

    @Test
    void aLogonSignatureCostsTwoApdusAfterSelect() {
        Token token = fixture.token();
        try (TokenSession setup = token.open(CardFixture.pin())) {
            KeyRef key = setup.generateKeyPair(KeyAlgorithm.EC_P256, "logon");
            try {
                long before = fixture.apdus();
                try (TokenSession session = token.open(CardFixture.pin())) {
                    session.sign(key, SignatureAlgorithm.SHA256_WITH_ECDSA, "challenge".getBytes());
                }
                assertEquals(2, fixture.apdus() - before, "VERIFY + SIGN (the outer lease keeps the login)");
            } finally {
                setup.delete(key);
            }
        }
    }

    @Test
    void aWrongPinIsTypedWithTheTriesLeft() {
        Token token = fixture.token();
        var e = assertThrows(WrongPinException.class, () -> token.open(Secret.of("999999")));
        assertEquals(2, e.triesLeft().getAsInt());
        token.open(CardFixture.pin()).close(); // resets the counter
        assertEquals(3, token.info().pinState().triesLeft());
    }
}
