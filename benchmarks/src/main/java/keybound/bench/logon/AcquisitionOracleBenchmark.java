package keybound.bench.logon;

import java.security.KeyPairGenerator;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import keybound.bankapi.BankApi;
import keybound.bankapi.client.BankApiException;
import keybound.bankapi.client.BankClient;
import keybound.bankapi.client.BankSettings;
import keybound.bench.Benchmark;
import keybound.credentials.HashParameters;
import keybound.issuer.contract.BankCode;
import keybound.issuer.contract.OpenedContract;
import keybound.token.Secret;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

/**
 * How long an acquisition over loopback HTTPS takes to be refused for each cause an outsider could
 * tell apart by timing. The user's ({@code POST /acquire/user}, II-1): an unknown user, a wrong ト,
 * a locked user, and the right secrets without an open authorisation. The administrator's
 * ({@code POST /acquire/administrator}, I-2): イ right and ロ wrong, イ wrong and ロ right, both wrong,
 * an unknown contract and a locked one. Twice: with the verifier key on the CA token (SoftHSM, as
 * a production bank runs) and with Argon2id verifiers at the shipped cost (a development CA).
 * Requests are interleaved so the machine's drift hits all causes alike.
 * {@code benchmarks/run acquisition-oracle [ROUNDS]} (default 10).
 */
public final class AcquisitionOracleBenchmark implements Benchmark {

    private static final BankApi.TokenDescription TOKEN = new BankApi.TokenDescription("PKCS11", "software", "0");
    /** The bank {@link BenchBank} registers. */
    private static final BankCode BENCH_BANK = new BankCode("0001");

    @Override
    public void run(List<String> args) throws Exception {
        int rounds = args.isEmpty() ? 10 : Integer.parseInt(args.get(0));
        HashParameters cost = HashParameters.production();
        System.out.printf("%n### Acquisition refusals by cause (%d rounds, one client, loopback HTTPS)%n%n", rounds);
        System.out.println("| verifiers | acquisition | cause | answer | median ms | min ms | max ms |");
        System.out.println("|---|---|---|---|---|---|---|");
        measure("HMAC key on SoftHSM", true, cost, rounds);
        measure(String.format("Argon2id m=%d KiB, t=%d, p=%d", cost.memoryKiB(), cost.iterations(), cost.parallelism()),
                false, cost, rounds);
    }

    private static void measure(String verifiers, boolean tokenVerifiers, HashParameters cost, int rounds) throws Exception {
        try (BenchBank bank = new BenchBank(2, cost, tokenVerifiers)) {
            BankClient client = BankClient.connect(new BankSettings(bank.base, bank.caChain()), Optional.empty());
            Map<String, Function<BankClient, String>> causes = new LinkedHashMap<>();
            userCauses(bank, causes);
            administratorCauses(bank, causes);
            Map<String, List<Double>> millis = new LinkedHashMap<>();
            Map<String, String> answers = new LinkedHashMap<>();
            causes.forEach((cause, call) -> answers.put(cause, call.apply(client))); // warm-up, and the answer
            for (int round = 0; round < rounds; round++) {
                for (var cause : causes.entrySet()) {
                    long started = System.nanoTime();
                    String answer = cause.getValue().apply(client);
                    if (!answer.equals(answers.get(cause.getKey()))) {
                        throw new IllegalStateException(cause.getKey() + " was answered " + answers.get(cause.getKey()) + ", then " + answer);
                    }
                    millis.computeIfAbsent(cause.getKey(), k -> new ArrayList<>()).add((System.nanoTime() - started) / 1e6);
                }
            }
            millis.forEach((cause, list) -> {
                double[] sorted = list.stream().mapToDouble(Double::doubleValue).sorted().toArray();
                System.out.printf("| %s | %s | %s | %.1f | %.1f | %.1f |%n", verifiers, cause.replace(": ", " | "),
                        answers.get(cause), sorted[sorted.length / 2], sorted[0], sorted[sorted.length - 1]);
            });
        }
    }

    /** II-1 by cause; the first user's authorisation was used by its acquisition, the second user is locked. */
    private static void userCauses(BenchBank bank, Map<String, Function<BankClient, String>> causes) throws Exception {
        BenchBank.BenchUser open = bank.users.get(0);
        BenchBank.BenchUser locked = bank.users.get(1);
        sql(bank, "UPDATE contract_user SET status = 'LOCKED' WHERE user_id = ?", locked.userId());
        String csr = csr();
        causes.put("user: unknown user", c -> acquireUser(c, bank.contractId, "NOBODY", Secret.of("123456"), Secret.of("654321"), csr));
        causes.put("user: wrong ト", c -> acquireUser(c, bank.contractId, open.userId(), Secret.of("000000"),
                open.userConfirmationPin().copy(), csr));
        causes.put("user: locked user", c -> acquireUser(c, bank.contractId, locked.userId(), locked.userPin().copy(),
                locked.userConfirmationPin().copy(), csr));
        causes.put("user: no open authorisation (secrets right)", c -> acquireUser(c, bank.contractId, open.userId(),
                open.userPin().copy(), open.userConfirmationPin().copy(), csr));
    }

    /**
     * I-2 by cause, on contracts of their own (the wrong answers count toward a lockout the bench
     * bank sets at 100); the locked contract is locked in the registry.
     */
    private static void administratorCauses(BenchBank bank, Map<String, Function<BankClient, String>> causes) throws Exception {
        OpenedContract guessed = bank.issuer.backOffice().openContract(BENCH_BANK);
        OpenedContract locked = bank.issuer.backOffice().openContract(BENCH_BANK);
        sql(bank, "UPDATE contract SET status = 'LOCKED' WHERE contract_id = ?", locked.contractId().value());
        String csr = csr();
        String id = guessed.contractId().value();
        causes.put("administrator: イ right, ロ wrong", c -> acquireAdministrator(c, id, guessed.contractPin().copy(),
                Secret.of("00000000"), csr));
        causes.put("administrator: イ wrong, ロ right", c -> acquireAdministrator(c, id, Secret.of("00000000"),
                guessed.confirmationPin().copy(), csr));
        causes.put("administrator: both wrong", c -> acquireAdministrator(c, id, Secret.of("00000000"), Secret.of("00000000"), csr));
        String unknown = "9".repeat(id.length());
        causes.put("administrator: unknown contract", c -> acquireAdministrator(c, unknown, Secret.of("00000000"),
                Secret.of("00000000"), csr));
        causes.put("administrator: locked contract (secrets right)", c -> acquireAdministrator(c, locked.contractId().value(),
                locked.contractPin().copy(), locked.confirmationPin().copy(), csr));
    }

    private static void sql(BenchBank bank, String update, String id) {
        bank.assembly.database().inTransaction(c -> {
            try (PreparedStatement s = c.prepareStatement(update)) {
                s.setString(1, id);
                return s.executeUpdate();
            }
        });
    }

    private static String acquireUser(BankClient client, String contract, String user, Secret userPin, Secret confirmationPin,
                                      String csr) {
        try {
            client.acquireUser(new BankApi.UserAcquisition(contract, user, userPin, confirmationPin, csr, TOKEN, null));
            return "issued";
        } catch (BankApiException e) {
            return e.status() + " " + e.code();
        }
    }

    private static String acquireAdministrator(BankClient client, String contract, Secret contractPin, Secret confirmationPin,
                                               String csr) {
        try {
            client.acquireAdministrator(new BankApi.AdministratorAcquisition(contract, contractPin, confirmationPin, csr, TOKEN,
                    null));
            return "issued";
        } catch (BankApiException e) {
            return e.status() + " " + e.code();
        }
    }

    private static String csr() throws Exception {
        var generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(256);
        var pair = generator.generateKeyPair();
        return BankClient.base64(new JcaPKCS10CertificationRequestBuilder(new X500Name("CN=oracle"), pair.getPublic())
                .build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate())).getEncoded());
    }
}
