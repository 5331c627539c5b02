package keybound.bench.card;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;
import keybound.bench.Benchmark;
import keybound.cardsim.ManufacturerCa;
import keybound.cardsim.SimulatedCard;
import keybound.testkit.pcsc.VirtualReader;
import keybound.token.KeyAlgorithm;
import keybound.token.KeyRef;
import keybound.token.Secret;
import keybound.token.Token;
import keybound.token.TokenSelector;
import keybound.token.TokenSession;
import keybound.token.card.transport.CountingTransport;
import keybound.token.piv.ManagementKey;
import keybound.token.piv.PivTokenSource;

/**
 * Signatures per second and APDUs per signature through the Token API for keybound's card in its
 * PIV role, reached with the PIV client (yubikit), in-process and through PC/SC; compare with
 * {@link CardSignatureBenchmark} (keybound's own protocol). Run: {@code benchmarks/run piv}.
 * Prints a Markdown table.
 */
public final class PivSignatureBenchmark implements Benchmark {
    private static final byte[] CHALLENGE = new byte[32];
    private static final ManufacturerCa MAKER = ManufacturerCa.create("keybound PIV benchmark maker");

    private record Row(String transport, String operation, int iterations, double perSecond, double apdusEach) {
    }

    @Override
    public void run(List<String> args) {
        if (!args.isEmpty()) {
            throw new IllegalArgumentException("the piv benchmark takes no options, got " + args);
        }
        var rows = new ArrayList<Row>();
        SimulatedCard warm = SimulatedCard.personalised(MAKER);
        measure("warm-up", warm, PivTokenSource.of(ManagementKey.FACTORY_DEFAULT, warm.terminal())); // results discarded
        SimulatedCard card = SimulatedCard.personalised(MAKER);
        rows.addAll(measure("in-process (jcardsim terminal)", card,
                PivTokenSource.of(ManagementKey.FACTORY_DEFAULT, card.terminal())));
        SimulatedCard inserted = SimulatedCard.personalised(MAKER);
        try (VirtualReader reader = VirtualReader.insert(inserted.simulator())) {
            var source = new PivTokenSource(() -> List.of(reader.terminal()), ManagementKey.FACTORY_DEFAULT, t -> t);
            rows.addAll(measure("PC/SC (pcscd + vpcd bridge, " + reader.terminal().getName() + ")", inserted, source));
        }
        var table = new StringBuilder("| transport | operation | iterations | per second | APDUs each |\n|---|---|---:|---:|---:|\n");
        for (Row r : rows) {
            table.append(String.format(Locale.ROOT, "| %s | %s | %d | %.1f | %.2f |%n", r.transport(), r.operation(),
                    r.iterations(), r.perSecond(), r.apdusEach()));
        }
        System.out.println(table);
    }

    private static List<Row> measure(String transport, SimulatedCard card, PivTokenSource plain) {
        var counter = new AtomicReference<CountingTransport>();
        var rows = new ArrayList<Row>();
        try (PivTokenSource source = plain.withDecorator(t -> {
            var counting = new CountingTransport(t);
            counter.set(counting);
            return counting;
        }); Secret pin = Secret.of(SimulatedCard.PIN)) {
            Token token = source.token(TokenSelector.serial(card.serial()));
            try (TokenSession session = token.open(pin)) {
                KeyRef ec = session.generateKeyPair(KeyAlgorithm.EC_P256, "bench-ec");
                KeyRef rsa = session.generateKeyPair(KeyAlgorithm.RSA_2048, "bench-rsa");
                rows.add(signLoop(transport, "sign ECDSA P-256 (digest on the host), open session", counter, session, ec, 1000));
                rows.add(signLoop(transport, "sign RSA-2048 PKCS#1 (padded on the host, chained), open session", counter,
                        session, rsa, 300));
                rows.add(logonLoop(transport, counter, token, pin, ec, 500));
            }
        }
        return rows;
    }

    private static Row signLoop(String transport, String operation, AtomicReference<CountingTransport> counter,
                                TokenSession session, KeyRef key, int n) {
        for (int i = 0; i < n / 10; i++) {
            session.sign(key, key.algorithm().defaultSignature(), CHALLENGE);
        }
        long apdus = counter.get().count();
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            session.sign(key, key.algorithm().defaultSignature(), CHALLENGE);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return new Row(transport, operation, n, n / seconds, (counter.get().count() - apdus) / (double) n);
    }

    /** The logon pattern: open (VERIFY), sign, close (the inner lease; the outer one keeps the login). */
    private static Row logonLoop(String transport, AtomicReference<CountingTransport> counter, Token token, Secret pin,
                                 KeyRef key, int n) {
        long apdus = counter.get().count();
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            try (TokenSession s = token.open(pin)) {
                s.sign(key, key.algorithm().defaultSignature(), CHALLENGE);
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return new Row(transport, "logon: open with PIN + sign ECDSA", n, n / seconds, (counter.get().count() - apdus) / (double) n);
    }
}
