package keybound.cli.station;

import static keybound.cli.CliRun.run;
import static keybound.cli.station.IssuedCertificates.serialOf;
import static keybound.cli.station.IssuedCertificates.state;
import static keybound.cli.station.StationEnvironment.renewableAtOnce;
import static keybound.cli.station.StationEnvironment.administrator;
import static keybound.cli.station.StationEnvironment.softHsmToken;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import keybound.cli.CliRun;
import keybound.cli.ExitCode;
import keybound.issuer.CertificateState;
import keybound.issuer.contract.Bank;
import keybound.issuer.contract.BankCode;
import keybound.issuer.contract.OpenedContract;
import keybound.issuer.policy.AttestationPolicy;
import keybound.issuer.store.CertificateRecord;
import keybound.server.fixture.BankFixture;
import keybound.testkit.softhsm.SoftHsmEnvironment;
import keybound.testkit.softhsm.SoftHsmExtension;
import keybound.testkit.softhsm.SoftHsmTools;
import keybound.token.Credential;
import keybound.token.Secret;
import keybound.token.TokenSelector;
import keybound.token.TokenSession;
import keybound.token.pkcs11.Pkcs11Module;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issues #14 and #15 at the station, on real SoftHSM tokens against the bank's real HTTPS server:
 * an answer lost on the way back is asked for again with the same request id and gets the same
 * certificate; a key left without a certificate by a killed run is resumed, not duplicated; and a
 * renewed key keeps its label, so an outside tool ({@code pkcs11-tool}) naming it signs with the
 * new certificate's key.
 */
@ExtendWith(SoftHsmExtension.class)
class IdempotentStationTest {

    private static final BankCode BANK = new BankCode("0081");
    private static final String TOKEN_PIN = "111111";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path directory;

    private SoftHsmEnvironment softHsm;
    private String module;
    private Pkcs11Module softhsm;
    private BankFixture bank;
    private String suffix;

    @BeforeEach
    void bank(SoftHsmEnvironment environment) {
        softHsm = environment;
        module = environment.module().toString();
        suffix = Integer.toHexString(ThreadLocalRandom.current().nextInt());
        softhsm = Pkcs11Module.open(environment.module());
        bank = BankFixture.trusting(directory, List.of(),
                renewableAtOnce());
        bank.issuer().backOffice().registerBank(new Bank(BANK, "Retrying Shinkin", AttestationPolicy.PREFERRED));
    }

    @AfterEach
    void close() {
        bank.close();
        softhsm.close();
    }

    @Test
    void aUserWhoseAnswerIsLostGetsTheSameCertificateOnTheRetryAndIsNotLockedOut() throws Exception {
        OpenedContract contract = bank.issuer().backOffice().openContract(BANK);
        Map<String, String> admin = administrator(bank, contract, directory, "admin-state", TOKEN_PIN);
        List<String> adminToken = softHsmToken(module, "admin-" + suffix, TOKEN_PIN);
        try (AnswerDroppingProxy proxy = new AnswerDroppingProxy(bank.address(), 1)) {
            admin.put("KEYBOUND_BANK_URL", proxy.address().toString());
            serialOf(run(admin, adminToken, "admin", "acquire", "--label", "admin", "--json").expect(ExitCode.OK));
            assertEquals(1, proxy.dropped());
        }
        assertEquals(1, bank.issuer().registry().certificates(contract.contractId()).size(),
                "the retried administrator acquisition issued one certificate, not a second that supersedes the first");
        admin.put("KEYBOUND_BANK_URL", bank.address().toString());
        run(admin, adminToken, "admin", "logon").expect(ExitCode.OK);
        JsonNode registered = JSON.readTree(run(admin, adminToken, "admin", "users", "register", "U01", "--json").expect(ExitCode.OK).out());
        run(admin, adminToken, "admin", "users", "issue-cert", "U01", "--days", "7").expect(ExitCode.OK);
        run(admin, adminToken, "admin", "logoff").expect(ExitCode.OK);

        Map<String, String> user = StationEnvironment.forContract(bank, contract, directory, "user-state");
        user.put("KEYBOUND_TOKEN_PIN", TOKEN_PIN);
        user.put("KEYBOUND_USER_ID", "U01");
        user.put("KEYBOUND_USER_PIN", registered.get("userPin").asText());
        user.put("KEYBOUND_USER_CONFIRMATION_PIN", registered.get("userConfirmationPin").asText());
        List<String> userToken = softHsmToken(module, "user-" + suffix, TOKEN_PIN);
        String serial;
        try (AnswerDroppingProxy proxy = new AnswerDroppingProxy(bank.address(), 1)) {
            user.put("KEYBOUND_BANK_URL", proxy.address().toString());
            serial = serialOf(run(user, userToken, "user", "acquire", "--json").expect(ExitCode.OK));
            assertEquals(1, proxy.dropped());
        }
        assertEquals(serial, onlyCertificate(userToken).certificate().orElseThrow().getSerialNumber().toString(16));
        assertEquals(CertificateState.GOOD, state(bank, contract, serial));
        assertEquals(2, bank.issuer().registry().certificates(contract.contractId()).size());
        user.put("KEYBOUND_BANK_URL", bank.address().toString());
        run(user, userToken, "user", "logon").expect(ExitCode.OK);
    }

    @Test
    void aRunWhoseEveryAnswerIsLostLeavesItsKeyAndTheNextRunFinishesWithTheSameCertificate() throws Exception {
        OpenedContract contract = bank.issuer().backOffice().openContract(BANK);
        Map<String, String> admin = administrator(bank, contract, directory, "admin-state", TOKEN_PIN);
        List<String> token = softHsmToken(module, "lost-" + suffix, TOKEN_PIN);
        try (AnswerDroppingProxy proxy = new AnswerDroppingProxy(bank.address(), 4)) {
            admin.put("KEYBOUND_BANK_URL", proxy.address().toString());
            CliRun lost = run(admin, token, "admin", "acquire", "--label", "admin").expectFailureAfterProgress(ExitCode.SERVER_UNREACHABLE);
            assertTrue(lost.err().contains("run the same command again"), lost.err());
            assertEquals(4, proxy.dropped(), "the first attempt and three retries");
        }
        Credential orphan = onlyKey(token);
        assertTrue(orphan.certificate().isEmpty());
        List<CertificateRecord> issued = bank.issuer().registry().certificates(contract.contractId());
        assertEquals(1, issued.size(), "the bank issued once, however often it was asked");

        admin.put("KEYBOUND_BANK_URL", bank.address().toString());
        CliRun resumed = run(admin, token, "admin", "acquire", "--label", "admin", "--json").expect(ExitCode.OK);
        assertTrue(resumed.err().contains("resuming with key admin"), resumed.err());
        assertEquals(issued.get(0).serial(), serialOf(resumed));
        Credential finished = onlyKey(token);
        assertEquals(orphan.key(), finished.key());
        assertEquals(issued.get(0).certificate(), finished.certificate().orElseThrow());
        assertEquals(1, bank.issuer().registry().certificates(contract.contractId()).size());
    }

    @Test
    void aKeyGeneratedByAKilledRunIsReusedByTheNextOne() throws Exception {
        OpenedContract contract = bank.issuer().backOffice().openContract(BANK);
        Map<String, String> admin = administrator(bank, contract, directory, "admin-state", TOKEN_PIN);
        String tokenLabel = "killed-" + suffix;
        List<String> token = softHsmToken(module, tokenLabel, TOKEN_PIN);
        // the CLI's own first step, then the process is gone: a key with the label and no certificate
        String orphanId;
        try (Secret pin = Secret.of(TOKEN_PIN); TokenSession session = softhsm.token(TokenSelector.label(tokenLabel)).open(pin)) {
            orphanId = Station.newKey(session, "admin").id();
        }
        run(admin, token, "admin", "acquire", "--label", "admin").expect(ExitCode.OK);
        Credential only = onlyKey(token);
        assertEquals(orphanId, only.key().id());
        assertTrue(only.certificate().isPresent());
        // a key that has its certificate is not taken again
        run(admin, token, "admin", "acquire", "--label", "admin").expectOneLineFailure(ExitCode.USAGE);
    }

    @Test
    void aRenewedKeyKeepsItsLabelAndPkcs11ToolSignsWithTheNewKeyUnderIt() throws Exception {
        OpenedContract contract = bank.issuer().backOffice().openContract(BANK);
        Map<String, String> admin = administrator(bank, contract, directory, "admin-state", TOKEN_PIN);
        String tokenLabel = "renew-" + suffix;
        List<String> token = softHsmToken(module, tokenLabel, TOKEN_PIN);
        String label = "bank-logon";
        String oldSerial = serialOf(run(admin, token, "admin", "acquire", "--label", label, "--json").expect(ExitCode.OK));

        JsonNode renewed = JSON.readTree(run(admin, token, "renew", "--admin", "--json").expect(ExitCode.OK).out());
        assertEquals(label, renewed.get("label").asText());
        Credential only = onlyKey(token);
        assertEquals(label, only.key().label());
        assertEquals(renewed.get("serial").asText(), only.certificate().orElseThrow().getSerialNumber().toString(16));
        assertEquals(CertificateState.SUPERSEDED, state(bank, contract, oldSerial));

        assertTrue(signedByOutsideTool(tokenLabel, label, only.certificate().orElseThrow().getPublicKey()),
                "pkcs11-tool's signature under the old label verifies with the new certificate's key");
        run(admin, token, "admin", "logon").expect(ExitCode.OK);
    }

    @Test
    void aReKeyInterruptedAfterItsCertificateWasStoredIsFinishedByTheNextRun() throws Exception {
        OpenedContract contract = bank.issuer().backOffice().openContract(BANK);
        Map<String, String> admin = administrator(bank, contract, directory, "admin-state", TOKEN_PIN);
        List<String> token = softHsmToken(module, "interrupted-" + suffix, TOKEN_PIN);
        run(admin, token, "admin", "acquire", "--label", "bank-logon").expect(ExitCode.OK);
        // the state a renewal leaves when stopped after storing its certificate: the older key
        // under the label, the newer certificate under the pending label
        String newer = serialOf(run(admin, token, "admin", "acquire", "--label", "bank-logon" + KeyLabels.PENDING, "--json")
                .expect(ExitCode.OK));

        CliRun finished = run(admin, token, "renew", "--admin").expect(ExitCode.OK);
        assertTrue(finished.out().contains("Finished an interrupted re-key"), finished.out());
        Credential only = onlyKey(token);
        assertEquals("bank-logon", only.key().label());
        assertEquals(newer, only.certificate().orElseThrow().getSerialNumber().toString(16));
        run(admin, token, "admin", "logon").expect(ExitCode.OK);
    }

    /**
     * {@code pkcs11-tool --sign} with the key named by label, verified here with {@code key}. The
     * tool signs the message's SHA-256 digest with raw ECDSA (the test SoftHSM offers no combined
     * ECDSA-SHA256), which is what SHA256withECDSA verifies.
     */
    private boolean signedByOutsideTool(String tokenLabel, String keyLabel, PublicKey key) throws Exception {
        Path digest = directory.resolve("to-sign.sha256");
        Path signature = directory.resolve("signature.der");
        byte[] message = "signed by an outside tool".getBytes(StandardCharsets.UTF_8);
        Files.write(digest, MessageDigest.getInstance("SHA-256").digest(message));
        new SoftHsmTools(softHsm).run(List.of("pkcs11-tool", "--module", module, "--token-label", tokenLabel, "--login",
                "--pin", TOKEN_PIN, "--sign", "--mechanism", "ECDSA", "--label", keyLabel, "--signature-format", "openssl",
                "--input-file", digest.toString(), "--output-file", signature.toString()));
        Signature verifier = Signature.getInstance("SHA256withECDSA");
        verifier.initVerify(key);
        verifier.update(message);
        return verifier.verify(Files.readAllBytes(signature));
    }

    private Credential onlyKey(List<String> token) {
        try (Secret pin = Secret.of(TOKEN_PIN); TokenSession session = softhsm.token(TokenSelector.label(token.get(3))).open(pin)) {
            List<Credential> all = session.credentials();
            assertEquals(1, all.size(), () -> "one key on the token: " + all);
            return all.get(0);
        }
    }

    private Credential onlyCertificate(List<String> token) {
        Credential only = onlyKey(token);
        assertTrue(only.certificate().isPresent());
        return only;
    }
}
