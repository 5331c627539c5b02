package keybound.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import keybound.bankapi.BankApi;
import keybound.bankapi.client.BankApiException;
import keybound.bankapi.client.BankClient;
import keybound.server.fixture.BankFixture;
import keybound.server.fixture.SharedSoftHsm;
import keybound.testkit.softhsm.SoftHsmExtension;
import keybound.testkit.softhsm.TokenSpec;
import keybound.token.KeyAlgorithm;
import keybound.token.KeyRef;
import keybound.token.Secret;
import keybound.token.TokenSession;
import keybound.token.bc.CsrFactory;
import keybound.token.jca.TokenKeyManager;
import org.bouncycastle.asn1.x500.X500Name;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The manual's migration (移行) with hardware tokens, over HTTPS: the administrator moves to a new
 * SoftHSM token, proving the old key by a signature made on the old token; the old certificate
 * is superseded and no longer logs on; a proof by another key is refused.
 */
@ExtendWith(SoftHsmExtension.class)
class MigrationOverHttpsTest {

    @TempDir
    Path directory;

    private BankFixture bank;

    @AfterEach
    void close() {
        bank.close();
    }

    @Test
    void administratorMigratesToANewToken() {
        bank = BankFixture.open(directory);
        BankApi.OpenedContract contract = bank.openContract("PREFERRED");
        BankClient anonymous = bank.anonymous();
        try (TokenSession oldToken = open(SharedSoftHsm.freshToken("migrate-old"));
             TokenSession newToken = open(SharedSoftHsm.freshToken("migrate-new"))) {
            KeyRef oldKey = oldToken.generateKeyPair(KeyAlgorithm.EC_P256, "administrator");
            BankApi.IssuedCertificate first = anonymous.acquireAdministrator(new BankApi.AdministratorAcquisition(
                    contract.contractId(), contract.contractPin(), contract.confirmationPin(),
                    BankClient.base64(CsrFactory.createDer(oldToken, oldKey, new X500Name("CN=x"))),
                    BankClient.token(oldToken.token()), null));
            X509Certificate oldCert = BankClient.certificate(first);
            oldToken.storeCertificate(oldKey, oldCert);
            // The bank says whose certificate it is, in the answer and when asked before a re-key.
            assertEquals(BankApi.Account.ofAdministrator(contract.contractId()), first.holder());
            assertEquals(first.holder(), anonymous.holder(oldCert));

            KeyRef newKey = newToken.generateKeyPair(KeyAlgorithm.EC_P256, "administrator");
            byte[] newCsr = CsrFactory.createDer(newToken, newKey, new X500Name("CN=x"));
            // A proof made by the new key instead of the old one is refused.
            byte[] wrongProof = newToken.sign(newKey, newKey.algorithm().defaultSignature(),
                    BankClient.renewalProofMessage(newCsr));
            BankApiException refused = assertThrows(BankApiException.class, () -> anonymous.renew(migration(oldCert, newCsr,
                    wrongProof, contract, newToken)));
            assertEquals("renewal-proof-invalid", refused.code());

            byte[] proof = oldToken.sign(oldKey, oldKey.algorithm().defaultSignature(), BankClient.renewalProofMessage(newCsr));
            BankApi.IssuedCertificate migrated = anonymous.renew(migration(oldCert, newCsr, proof, contract, newToken));
            assertEquals(first.commonName(), migrated.commonName());
            assertEquals(first.holder(), migrated.holder());
            assertEquals("certificate-unknown", assertThrows(BankApiException.class,
                    () -> anonymous.holder(anonymous.caChain().get(0))).code());
            newToken.storeCertificate(newKey, BankClient.certificate(migrated));

            assertEquals("certificate-superseded", assertThrows(BankApiException.class,
                    () -> bank.client(new TokenKeyManager(oldToken, List.of())).logonWithCertificate()).code());
            assertEquals("contract-pin-and-one-time-password",
                    bank.client(new TokenKeyManager(newToken, List.of())).logonWithCertificate().secondStep());
        }
    }

    private static BankApi.Renewal migration(X509Certificate current, byte[] csr, byte[] proof, BankApi.OpenedContract contract,
            TokenSession newToken) {
        return new BankApi.Renewal("migration", BankClient.base64(current), BankClient.base64(csr), BankClient.base64(proof),
                contract.contractPin(), contract.confirmationPin(), BankClient.token(newToken.token()), null);
    }

    private static TokenSession open(TokenSpec spec) {
        try (Secret pin = Secret.of(spec.userPin())) {
            return SharedSoftHsm.token(spec).open(pin);
        }
    }
}
