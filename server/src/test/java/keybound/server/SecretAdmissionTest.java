package keybound.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import keybound.bankapi.BankApi;
import keybound.bankapi.client.BankClient;
import keybound.issuer.contract.ContractId;
import keybound.issuer.store.ContractRepository;
import keybound.server.fixture.BankFixture;
import keybound.testkit.keys.SoftwareKeys;
import keybound.testkit.softhsm.SoftHsmExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Admission control on the secret checks, over HTTPS against the whole bank with Argon2id
 * verifiers: with room for one check at a time and no queue, acquisitions sent at once are
 * partly refused 503 {@code service-busy} with {@code Retry-After}, and only the wrong secrets
 * that were actually checked (the 401s) count toward the lockout.
 */
@ExtendWith(SoftHsmExtension.class)
class SecretAdmissionTest {

    private static final int AT_ONCE = 8;

    @TempDir
    Path directory;

    private BankFixture bank;
    private final ObjectMapper mapper = new ObjectMapper();

    @AfterEach
    void close() {
        if (bank != null) {
            bank.close();
        }
    }

    @Test
    void checksOverTheAdmissionAre503WithRetryAfterAndCountNothing() throws Exception {
        // Argon2id verifiers costly enough that checks overlap; a lockout limit the attempts cannot reach.
        bank = BankFixture.open(directory, "verifier.key-label=argon2id", "secrets.hash.memory-kib=16384",
                "secrets.hash.iterations=8", "secrets.hash.parallelism=1", "lockout.limit=100",
                "secrets.admission.concurrent=1", "secrets.admission.queue=0", "secrets.admission.wait-millis=0");
        BankApi.OpenedContract contract = bank.openContract("NONE");
        String body = "{\"contractId\":\"" + contract.contractId() + "\",\"contractPin\":\"000000\","
                + "\"confirmationPin\":\"000000\",\"csr\":\"" + BankClient.base64(SoftwareKeys.csr(SoftwareKeys.ec()))
                + "\",\"token\":{\"kind\":\"PKCS11\",\"model\":\"software (test)\",\"serial\":\"1\"},\"attestation\":null}";
        HttpClient client = client();
        List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
        for (int i = 0; i < AT_ONCE; i++) {
            answers.add(client.sendAsync(HttpRequest.newBuilder(URI.create(bank.server().origin() + "/acquire/administrator"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofString()));
        }
        int checked = 0;
        int busy = 0;
        for (CompletableFuture<HttpResponse<String>> pending : answers) {
            HttpResponse<String> answer = pending.get();
            String code = mapper.readTree(answer.body()).get("code").asText();
            if (answer.statusCode() == 503) {
                busy++;
                assertEquals("service-busy", code);
                assertTrue(answer.headers().firstValue("Retry-After").isPresent(), "503 says when to come back");
            } else {
                checked++;
                assertEquals(401, answer.statusCode(), answer.body());
                assertEquals("credentials-rejected", code);
            }
        }
        assertTrue(busy > 0, "one check at a time and no queue: some of " + AT_ONCE + " were refused");
        assertTrue(checked > 0, "the first was checked");
        int failures = bank.database().inTransaction(c -> new ContractRepository().find(c,
                new ContractId(contract.contractId()))).orElseThrow().failures();
        assertEquals(checked, failures, "only checked secrets count; " + busy + " refused for capacity count nothing");
    }

    /** A client trusting the bank CA, presenting no certificate. */
    private HttpClient client() throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        for (int i = 0; i < bank.issuer().caChain().size(); i++) {
            trust.setCertificateEntry("bank-ca-" + i, bank.issuer().caChain().get(i));
        }
        TrustManagerFactory trusted = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trusted.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trusted.getTrustManagers(), null);
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(context).build();
    }
}
