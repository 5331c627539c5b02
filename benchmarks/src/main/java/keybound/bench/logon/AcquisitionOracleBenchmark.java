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
import keybound.token.Secret;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

/**
 * How long a user acquisition (II-1, {@code POST /acquire/user}, over loopback HTTPS) takes to be
 * refused for each cause an outsider could tell apart by timing: an unknown user, a wrong ト, a
 * locked user, and the right secrets without an open authorisation. Argon2id verifiers at the
 * shipped cost (the expensive case). Requests are interleaved so the machine's drift hits all
 * causes alike. {@code benchmarks/run acquisition-oracle [ROUNDS]} (default 10).
 */
public final class AcquisitionOracleBenchmark implements Benchmark {

    private static final BankApi.TokenDescription TOKEN = new BankApi.TokenDescription("PKCS11", "software", "0");

    @Override
    public void run(List<String> args) throws Exception {
        int rounds = args.isEmpty() ? 10 : Integer.parseInt(args.get(0));
        try (BenchBank bank = new BenchBank(2, HashParameters.production(), false)) {
            BankClient client = BankClient.connect(new BankSettings(bank.base, bank.caChain()), Optional.empty());
            BenchBank.BenchUser open = bank.users.get(0); // its authorisation was used by its acquisition
            BenchBank.BenchUser locked = bank.users.get(1);
            bank.assembly.database().inTransaction(c -> {
                try (PreparedStatement s = c.prepareStatement("UPDATE contract_user SET status = 'LOCKED' WHERE user_id = ?")) {
                    s.setString(1, locked.userId());
                    return s.executeUpdate();
                }
            });
            String csr = csr();
            Map<String, Function<BankClient, String>> causes = new LinkedHashMap<>();
            causes.put("unknown user", c -> acquire(c, bank.contractId, "NOBODY", Secret.of("123456"), Secret.of("654321"), csr));
            causes.put("wrong ト", c -> acquire(c, bank.contractId, open.userId(), Secret.of("000000"),
                    open.userConfirmationPin().copy(), csr));
            causes.put("locked user", c -> acquire(c, bank.contractId, locked.userId(), locked.userPin().copy(),
                    locked.userConfirmationPin().copy(), csr));
            causes.put("no open authorisation (secrets right)", c -> acquire(c, bank.contractId, open.userId(),
                    open.userPin().copy(), open.userConfirmationPin().copy(), csr));
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
            HashParameters cost = HashParameters.production();
            System.out.printf("%n### Acquisition refusals by cause (Argon2id m=%d KiB, t=%d, p=%d; %d rounds, one client,"
                    + " loopback HTTPS)%n%n", cost.memoryKiB(), cost.iterations(), cost.parallelism(), rounds);
            System.out.println("| cause | answer | median ms | min ms | max ms |");
            System.out.println("|---|---|---|---|---|");
            millis.forEach((cause, list) -> {
                double[] sorted = list.stream().mapToDouble(Double::doubleValue).sorted().toArray();
                System.out.printf("| %s | %s | %.0f | %.0f | %.0f |%n", cause, answers.get(cause), sorted[sorted.length / 2],
                        sorted[0], sorted[sorted.length - 1]);
            });
        }
    }

    private static String acquire(BankClient client, String contract, String user, Secret userPin, Secret confirmationPin,
                                  String csr) {
        try {
            client.acquireUser(new BankApi.UserAcquisition(contract, user, userPin, confirmationPin, csr, TOKEN, null));
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
