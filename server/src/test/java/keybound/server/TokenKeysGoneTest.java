package keybound.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import keybound.bankapi.BankApi;
import keybound.bankapi.client.BankApiException;
import keybound.bankapi.client.BankClient;
import keybound.issuer.contract.ContractId;
import keybound.issuer.store.ContractRepository;
import keybound.server.fixture.BankFixture;
import keybound.testkit.keys.SoftwareKeys;
import keybound.testkit.softhsm.SoftHsmExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bank's verifier and sealing keys gone from its token (deleted from outside the process,
 * as when the token is replaced or its objects lost), over real HTTPS: a page logon gets the
 * "unavailable" page and the API the service-unavailable problem, both 503, and nothing is
 * counted against the customer.
 */
@ExtendWith(SoftHsmExtension.class)
class TokenKeysGoneTest {

    @TempDir
    Path directory;

    private final String suffix = UUID.randomUUID().toString().substring(0, 8);
    private final String verifierLabel = "gone-verifier-" + suffix;
    private final String sealingLabel = "gone-sealing-" + suffix;
    private BankFixture bank;
    private BankApi.OpenedContract contract;
    private KeyPair adminKeys;
    private X509Certificate adminCertificate;

    @BeforeEach
    void open() {
        bank = BankFixture.open(directory, "verifier.key-label=" + verifierLabel, "sealing.key-label=" + sealingLabel);
        BankFixture.Administrator administrator = bank.administrator();
        contract = administrator.contract();
        adminKeys = administrator.keys();
        adminCertificate = administrator.certificate();
    }

    @AfterEach
    void close() {
        bank.close();
    }

    private BankApi.AdministratorAcquisition acquisition() {
        return new BankApi.AdministratorAcquisition(contract.contractId(), contract.contractPin().copy(),
                contract.confirmationPin().copy(), BankClient.base64(SoftwareKeys.csr(adminKeys)),
                new BankApi.TokenDescription("PKCS11", "test", "1"), null);
    }

    private int failures() {
        return bank.database().inTransaction(c -> new ContractRepository().find(c,
                new ContractId(contract.contractId()))).orElseThrow().failures();
    }

    @Test
    void withTheKeysGoneALogonAnswers503AndCountsNothing() {
        BankFixture.deleteCaSecretKey(verifierLabel);
        BankFixture.deleteCaSecretKey(sealingLabel);

        PageClient admin = new PageClient(bank.address(), bank.issuer().caChain(),
                Optional.of(SoftwareKeys.keyManager(adminKeys, adminCertificate)));
        String csrf = PageClient.csrf(admin.get("/web/?lang=en"));
        Map<String, String> answer = WebPagesTest.cardAnswer(csrf, admin.post("/web/logon", Map.of("csrf", csrf)), contract, true);
        HttpResponse<String> refused = admin.post("/web/logon/second-step", answer);
        assertEquals(503, refused.statusCode(), refused.body());
        assertTrue(refused.body().contains("refusal-service-unavailable"), refused.body());
        assertTrue(refused.body().contains("Nothing was counted"), refused.body());

        var problem = assertThrows(BankApiException.class, () -> bank.anonymous().acquireAdministrator(acquisition()));
        assertEquals(503, problem.status());
        assertEquals("service-unavailable", problem.code());
        assertEquals(0, failures());
    }
}
