package keybound.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import keybound.logon.otp.CardCell;
import keybound.bankapi.BankApi;
import keybound.bankapi.client.BankApiException;
import keybound.bankapi.client.BankClient;
import keybound.cardsim.SimulatedCard;
import keybound.server.fixture.BankFixture;
import keybound.server.fixture.SharedSoftHsm;
import keybound.testkit.softhsm.SoftHsmExtension;
import keybound.testkit.softhsm.TokenSpec;
import keybound.token.AttestationStatement;
import keybound.token.KeyAlgorithm;
import keybound.token.KeyRef;
import keybound.token.Secret;
import keybound.token.TokenSelector;
import keybound.token.TokenSession;
import keybound.token.bc.CsrFactory;
import keybound.token.card.CardTokenSource;
import keybound.token.jca.TokenKeyManager;
import org.bouncycastle.asn1.x500.X500Name;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The manual's whole story over real HTTPS on loopback, every key on a real token: the bank opens
 * a contract; the administrator acquires on SoftHSM (I-2), logs on with mTLS + イ + the customer
 * card (I-3), registers two users and issues them authorisations; user 1 acquires on SoftHSM and
 * user 2 on the Java Card with its attestation statement (II-1); user 1 logs on by mTLS, user 2 by
 * the signed challenge (II-2); the administrator revokes user 1, whose next logon fails.
 */
@ExtendWith(SoftHsmExtension.class)
class BankStoryTest {

    @TempDir
    Path directory;

    private BankFixture bank;

    @BeforeEach
    void open() {
        bank = BankFixture.open(directory);
    }

    @AfterEach
    void close() {
        bank.close();
    }

    @Test
    void theManualsStoryOverTheWire() throws Exception {
        // The bank registers itself and opens the contract; A, B, イ, ロ and the card come back once.
        BankApi.OpenedContract contract = bank.openContract("PREFERRED");
        String a = contract.contractId();
        BankClient anonymous = bank.anonymous();

        // I-2: the administrator's key is made on a SoftHSM token; the CN is A + bank code.
        TokenSpec adminSpec = SharedSoftHsm.freshToken("story-admin");
        try (TokenSession adminToken = open(adminSpec)) {
            KeyRef adminKey = adminToken.generateKeyPair(KeyAlgorithm.EC_P256, "administrator");
            byte[] csr = CsrFactory.createDer(adminToken, adminKey, new X500Name("CN=ignored"));
            BankApi.IssuedCertificate adminIssued = anonymous.acquireAdministrator(new BankApi.AdministratorAcquisition(a,
                    contract.contractPin(), contract.confirmationPin(), BankClient.base64(csr),
                    BankClient.token(adminToken.token()), null));
            assertEquals(a + BankFixture.BANK_CODE, adminIssued.commonName());
            adminToken.storeCertificate(adminKey, BankClient.certificate(adminIssued));

            // I-3: mTLS with the token's key, then イ and the customer card's cells.
            BankClient admin = bank.client(new TokenKeyManager(adminToken, List.of()));
            BankApi.SecondStep step = admin.logonWithCertificate();
            assertEquals("contract-pin-and-one-time-password", step.secondStep());
            String adminSession = admin.completeWithCard(step.attempt(), contract.contractPin(),
                    cardDigits(contract.card(), step.cardCells())).session();

            // I-3: two users registered and authorised (each needs ロ).
            BankApi.RegisteredUser u1 = admin.registerUser(adminSession, "U01", contract.confirmationPin());
            BankApi.RegisteredUser u2 = admin.registerUser(adminSession, "U02", contract.confirmationPin());
            admin.authoriseUser(adminSession, "U01", contract.confirmationPin(), Optional.empty());
            admin.authoriseUser(adminSession, "U02", contract.confirmationPin(), Optional.empty());
            assertEquals(List.of("U01", "U02"), admin.users(adminSession).stream().map(BankApi.UserEntry::userId).sorted().toList());
            assertTrue(admin.users(adminSession).stream().allMatch(u -> u.authorisationExpiresAt() != null));

            // II-1, user 1 on SoftHSM; II-2 by mutual TLS + ト.
            TokenSpec user1Spec = SharedSoftHsm.freshToken("story-user1");
            try (TokenSession user1Token = open(user1Spec)) {
                KeyRef key1 = user1Token.generateKeyPair(KeyAlgorithm.EC_P256, "user");
                byte[] csr1 = CsrFactory.createDer(user1Token, key1, new X500Name("CN=ignored"));
                BankApi.IssuedCertificate issued1 = anonymous.acquireUser(new BankApi.UserAcquisition(a, "U01",
                        u1.userPin(), u1.userConfirmationPin(), BankClient.base64(csr1),
                        BankClient.token(user1Token.token()), null));
                assertEquals(a + "U01" + BankFixture.BANK_CODE, issued1.commonName());
                assertEquals(BankApi.Account.ofUser(a, "U01"), issued1.holder());
                X509Certificate cert1 = BankClient.certificate(issued1);
                user1Token.storeCertificate(key1, cert1);
                BankClient user1 = bank.client(new TokenKeyManager(user1Token, List.of()));
                BankApi.SecondStep step1 = user1.logonWithCertificate();
                assertEquals("user-pin", step1.secondStep());
                String session1 = user1.completeWithUserPin(step1.attempt(), u1.userPin()).session();
                BankApi.UserStatus status1 = user1.userStatus(session1);
                assertEquals("U01", status1.userId());
                assertEquals("GOOD", status1.certificates().get(0).state());

                // II-1, user 2 on the Java Card, with the card's attestation statement; II-2 by signed challenge.
                SimulatedCard card = SimulatedCard.personalised(BankFixture.MANUFACTURER);
                try (Secret pin = Secret.of(SimulatedCard.PIN);
                     TokenSession cardToken = CardTokenSource.of(card.terminal()).token(TokenSelector.serial(card.serial()))
                             .open(pin)) {
                    KeyRef key2 = cardToken.generateKeyPair(KeyAlgorithm.EC_P256, "user");
                    byte[] csr2 = CsrFactory.createDer(cardToken, key2, new X500Name("CN=ignored"));
                    AttestationStatement statement = cardToken.attest(key2, BankClient.enrollmentNonce(a, "U02", csr2))
                            .orElseThrow();
                    BankApi.IssuedCertificate issued2 = anonymous.acquireUser(new BankApi.UserAcquisition(a, "U02",
                            u2.userPin(), u2.userConfirmationPin(), BankClient.base64(csr2),
                            BankClient.token(cardToken.token()), BankClient.attestation(statement)));
                    X509Certificate cert2 = BankClient.certificate(issued2);
                    cardToken.storeCertificate(key2, cert2);
                    BankApi.SecondStep step2 = anonymous.logonWithSignedChallenge(cert2,
                            bytes -> cardToken.sign(key2, key2.algorithm().defaultSignature(), bytes));
                    BankApi.Session session2 = anonymous.completeWithUserPin(step2.attempt(), u2.userPin());
                    assertEquals("SIGNED_CHALLENGE", session2.method());
                    assertEquals("U02", session2.account().userId());
                }

                // The administrator's status page: both user certificates, the card's attested.
                BankApi.ContractStatus status = admin.contractStatus(adminSession);
                assertEquals("VERIFIED", status.certificates().stream().filter(c -> "U02".equals(c.userId()))
                        .findFirst().orElseThrow().attestation());
                assertEquals("JAVA_CARD", status.certificates().stream().filter(c -> "U02".equals(c.userId()))
                        .findFirst().orElseThrow().tokenKind());

                // The administrator revokes user 1: the next logon fails, and the CRL lists it.
                List<String> revoked = admin.revokeUser(adminSession, "U01");
                assertEquals(List.of(issued1.serial()), revoked);
                BankClient user1Again = bank.client(new TokenKeyManager(user1Token, List.of()));
                var refused = assertThrows(BankApiException.class, user1Again::logonWithCertificate);
                assertEquals("certificate-revoked", refused.code());
                assertTrue(anonymous.crl().isRevoked(cert1));
                admin.logoff(adminSession);
                assertEquals("session-invalid",
                        assertThrows(BankApiException.class, () -> admin.users(adminSession)).code());
            }
        }
    }

    private static TokenSession open(TokenSpec spec) {
        try (Secret pin = Secret.of(spec.userPin())) {
            return SharedSoftHsm.token(spec).open(pin);
        }
    }

    /** What the administrator reads off the printed card: the digits of each asked cell, in order. */
    static Secret cardDigits(BankApi.CustomerCard card, List<String> labels) {
        return Secret.concat(labels.stream().map(CardCell::parse).map(cell -> card.cells().get(cell.row()).get(cell.column())).toList());
    }
}
